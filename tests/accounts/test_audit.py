"""The audit trail: what is recorded, who may read it, and that nothing can change it."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction

from harmonia.accounts import audit
from harmonia.accounts.models import AuditEvent, AuditLogIsAppendOnly
from harmonia.accounts.services import personal_data, pseudonymize, set_role
from harmonia.adoptions.services import decide

pytestmark = pytest.mark.django_db


def test_a_decision_is_recorded_with_who_and_before_after(tenants):
    editor = tenants.people["editor"]
    with audit.acting(editor, "web", "10.0.0.1"):
        decide(tenants.a_proposal, editor, "confirm", degree="IDT")
    event = AuditEvent.objects.filter(model="adoptions.adoption").latest("id")
    assert (event.actor, event.via, event.ip, event.action) == (editor, "web", "10.0.0.1", "update")
    assert event.body == tenants.a
    assert event.before["status"] == "proposed" and event.after["status"] == "confirmed"
    assert event.after["degree"] == "IDT"
    assert "evidence" not in event.after  # large and not a decision


def test_role_changes_are_permission_events(tenants):
    admin, viewer = tenants.people["admin"], tenants.people["viewer"]
    with audit.acting(admin, "web"):
        set_role(admin, viewer, tenants.a, "editor")
        set_role(admin, viewer, tenants.a, None)
    actions = list(
        AuditEvent.objects.filter(model="accounts.membership", actor=admin)
        .order_by("id")
        .values_list("action", "before", "after")
    )
    assert actions == [
        ("permission:update", {"role": "viewer"}, {"role": "editor"}),
        ("permission:delete", actions[1][1], None),
    ]
    assert actions[1][1]["role"] == "editor"
    with pytest.raises(PermissionError):
        set_role(admin, tenants.people["outsider"], tenants.b, "admin")


def test_nothing_can_change_or_delete_an_event(tenants):
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    # and below the ORM, the database itself refuses an UPDATE
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET action = 'forged'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditevent")
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_a_rolled_back_change_leaves_no_event(tenants):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        tenants.a_proposal.status = "rejected"
        tenants.a_proposal.save()
        raise RuntimeError
    assert AuditEvent.objects.count() == before


def test_export_for_body_admins_only_their_bodies(tenants):
    response = tenants.client("admin").get("/accounts/audit.csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and text.startswith("at,actor,via,action")
    lines = text.strip().splitlines()[1:]
    assert lines and all(",STAMEQ," in line or ",," in line for line in lines)
    xlsx = tenants.client("admin").get("/accounts/audit.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert tenants.client("editor").get("/accounts/audit.csv").status_code == 403


def test_pseudonymizing_keeps_decisions_and_the_trail(tenants):
    editor = tenants.people["editor"]
    with audit.acting(editor, "web"):
        decide(tenants.a_proposal, editor, "reject")
    pk = editor.pk
    with audit.acting(tenants.people["admin"], "web"):
        pseudonymize(tenants.people["admin"], editor)
    editor.refresh_from_db()
    assert (editor.username, editor.email, editor.is_active) == (f"removed-{pk}", "", False)
    assert not editor.has_usable_password()
    assert not editor.memberships.exists() and not editor.api_tokens.exists()
    tenants.a_proposal.refresh_from_db()
    assert tenants.a_proposal.decided_by_id == pk  # the decision still points to them
    assert AuditEvent.objects.filter(actor_id=pk).exists()  # so does the trail
    # ... which never held their e-mail or name, only that they changed
    trail = json.dumps(list(AuditEvent.objects.values("before", "after", "object_repr")))
    assert "a-editor@example.org" not in trail and '"a-editor"' not in trail
    assert (
        tenants.client("anonymous")
        .post("/accounts/login/", {"username": "a-editor", "password": "x"})
        .status_code
        == 200
    )


def test_a_body_admin_cannot_remove_a_member_of_another_body(tenants):
    with pytest.raises(PermissionError):
        pseudonymize(tenants.people["admin"], tenants.people["outsider"])
    with pytest.raises(PermissionError):
        pseudonymize(tenants.people["admin"], tenants.people["platform"])


def test_a_person_can_download_everything_kept_about_them(tenants):
    response = tenants.client("editor").get("/accounts/me/data.json")
    data = json.loads(response.content)
    assert data["account"]["username"] == "a-editor"
    assert data["bodies"] == [
        {"body": "STAMEQ", "role": "editor", "since": data["bodies"][0]["since"]}
    ]
    assert [t["name"] for t in data["api_tokens"]] == ["matrix"]
    assert personal_data(tenants.people["editor"])["account"]["email"] == "a-editor@example.org"
    api = tenants.client("anonymous").get("/api/v1/me", **tenants.headers("editor"))
    assert api.json()["account"]["username"] == "a-editor"


def test_the_trail_reads_as_sentences_not_as_stored_values(tenants):
    """A body admin reads what changed by field name, with the person a reference
    points to, in their language (the entry itself stays as stored)."""
    viewer = tenants.people["viewer"]
    AuditEvent.objects.create(
        via="web",
        action="update",
        model="training.participant",
        object_id="1",
        object_repr="P",
        body=tenants.a,
        before={"user": None, "status": "nominated"},
        after={"user": viewer.pk, "status": "accepted"},
    )
    client = tenants.client("admin")
    page = client.get("/accounts/audit/").content.decode()
    assert "{&#x27;user&#x27;" not in page and "training.participant" not in page
    assert "<dt>User</dt><dd><del>—</del> → a-viewer</dd>" in page
    assert "<strong>changed</strong> · participant P" in page
    assert 'href="/accounts/audit.csv"' in page  # no "?{}" left on the link
    client.cookies["django_language"] = "vi"
    page = client.get("/accounts/audit/").content.decode()
    assert "<strong>đã thay đổi</strong>" in page
    # Field and object names are Django's own (from attribute names): translated too.
    assert "<dt>Người dùng</dt>" in page and "· học viên P" in page


def test_every_model_and_field_name_is_in_the_catalogue():
    """The audit trail shows any model's fields by name: a new one must be added to
    harmonia.accounts.field_names (then `make messages`) to be read in Vietnamese."""
    from django.apps import apps

    from harmonia.accounts.field_names import FIELD_AND_MODEL_NAMES

    held = set(FIELD_AND_MODEL_NAMES)
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("harmonia."):
            continue
        names.add(str(model._meta.verbose_name))
        names |= {
            str(f.verbose_name)
            for f in model._meta.get_fields()
            if hasattr(f, "verbose_name") and not f.auto_created
        }
    assert sorted(names - held) == []
