"""A member of body A, even its admin, never reads or changes body B's private data:
through the web app, the API or the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from harmonia.accounts import policy
from harmonia.adoptions.models import Adoption
from harmonia.cli import app

pytestmark = pytest.mark.django_db


def test_policy_keeps_tenants_apart(tenants):
    a_admin = tenants.people["admin"]
    assert policy.can_admin(a_admin, tenants.a)
    for check in (policy.can_view_private, policy.can_edit, policy.can_admin):
        assert not check(a_admin, tenants.b)
    assert not policy.can_view_adoption(a_admin, tenants.b_proposal)
    assert not policy.can_decide_adoption(a_admin, tenants.b_proposal)
    visible = policy.visible_adoptions(a_admin, Adoption.objects.all())
    assert tenants.a_proposal in visible and tenants.b_proposal not in visible


def test_web_hides_and_protects_the_other_bodys_proposals(tenants):
    client = tenants.client("admin")
    page = client.get("/adoptions/review/?body=TISI").content.decode()
    assert "TIS 22000-2562" not in page
    b_doc = client.get("/documents/TIS 22000-2562/").content.decode()
    assert "ISO 9001:2015" not in b_doc  # the proposal, private to TISI
    response = client.post(f"/adoptions/{tenants.b_proposal.pk}/decide/", {"action": "reject"})
    assert response.status_code == 403
    assert client.get("/accounts/bodies/TISI/people/").status_code == 403
    tenants.b_proposal.refresh_from_db()
    assert tenants.b_proposal.status == "proposed"
    # B's own member sees it.
    own = tenants.client("anonymous")
    own.force_login(tenants.people["outsider"])
    assert "ISO 9001:2015" in own.get("/documents/TIS 22000-2562/").content.decode()


def test_api_hides_and_protects_the_other_bodys_proposals(tenants):
    client = tenants.client("anonymous")
    headers = tenants.headers("admin")
    links = client.get("/api/v1/bodies/TISI/adoptions", **headers).json()
    assert all(link["status"] == "confirmed" for link in links)
    own = client.get("/api/v1/bodies/STAMEQ/adoptions", **headers).json()
    assert "proposed" in {link["status"] for link in own}
    response = client.post(
        f"/api/v1/adoptions/{tenants.b_proposal.pk}/decision",
        {"action": "confirm", "degree": "IDT"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    audit = client.get("/api/v1/audit", **headers).json()["items"]
    assert audit and all(e["body"] in (None, "STAMEQ") for e in audit)
    assert not any(e["body"] == "TISI" for e in audit)
    tenants.b_proposal.refresh_from_db()
    assert tenants.b_proposal.status == "proposed"


def test_a_read_only_token_cannot_write_and_no_token_sees_nothing_private(tenants):
    from harmonia.accounts.tokens import create_token

    _, raw = create_token(tenants.people["editor"], "ro", ["read"], 1)
    client = tenants.client("anonymous")
    response = client.post(
        f"/api/v1/adoptions/{tenants.a_proposal.pk}/decision",
        {"action": "reject"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 401
    public = client.get("/api/v1/bodies/STAMEQ/adoptions").json()
    assert all(link["status"] == "confirmed" for link in public)


def test_cli_as_a_member_of_a_cannot_read_or_change_b(tenants, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        app, ["--as", "a-admin", "adoptions", "--body", "TISI", "--status", "proposed", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []
    own = runner.invoke(
        app, ["--as", "b-viewer", "adoptions", "--body", "TISI", "--status", "proposed", "--json"]
    )
    assert [r["national"] for r in json.loads(own.output)] == ["TIS 22000-2562"]

    csv = tmp_path / "tisi.csv"
    csv.write_text("identifier,title\nTIS 1-2560,Invented\n", "utf-8")
    result = runner.invoke(
        app, ["--as", "a-admin", "import", "national", str(csv), "--body", "TISI"]
    )
    assert result.exit_code == 1
    assert "not allowed" in result.output
    from harmonia.catalogue.models import Document

    assert not Document.objects.filter(identifier="TIS 1-2560").exists()

    out = tmp_path / "audit.csv"
    result = runner.invoke(app, ["--as", "a-admin", "audit", str(out)])
    assert result.exit_code == 0, result.output
    assert "TISI" not in out.read_text("utf-8-sig").split("\n", 1)[1]
    result = runner.invoke(app, ["--as", "a-viewer", "audit", str(out)])
    assert result.exit_code == 1 and "not allowed" in result.output
    result = runner.invoke(app, ["--as", "a-admin", "remove-person", "b-viewer"])
    assert result.exit_code == 1
    tenants.people["outsider"].refresh_from_db()
    assert tenants.people["outsider"].username == "b-viewer"


def test_cli_operator_and_platform_tasks(tenants):
    from harmonia.accounts.models import AuditEvent, TOTPDevice

    runner = CliRunner()
    refused = runner.invoke(app, ["--as", "a-admin", "reset-two-factor", "root"])
    assert refused.exit_code == 1 and "not allowed" in refused.output
    assert TOTPDevice.objects.filter(user=tenants.people["platform"]).exists()
    done = runner.invoke(app, ["reset-two-factor", "root"])
    assert done.exit_code == 0 and "authenticator removed" in done.output
    assert not TOTPDevice.objects.filter(user=tenants.people["platform"]).exists()
    event = AuditEvent.objects.filter(action="two-factor:delete").latest("id")
    assert event.via == "cli" and event.actor is None  # the operator

    removed = runner.invoke(app, ["remove-person", "b-viewer"])
    assert removed.exit_code == 0, removed.output
    tenants.people["outsider"].refresh_from_db()
    assert tenants.people["outsider"].username.startswith("removed-")
    token = runner.invoke(
        app, ["token", "a-viewer", "--name", "ci", "--scope", "read", "--days", "2"]
    )
    assert token.exit_code == 0 and token.output.startswith("hm_")
    bad = runner.invoke(app, ["token", "a-viewer", "--name", "ci", "--scope", "sudo"])
    assert bad.exit_code == 1 and "scopes" in bad.output
