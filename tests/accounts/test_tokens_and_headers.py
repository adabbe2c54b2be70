"""API tokens, rate limits, security headers, upload checks and check-deploy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from harmonia.accounts.models import ApiToken
from harmonia.accounts.tokens import TokenError, create_token, revoke
from harmonia.catalogue.models import Document
from harmonia.cli import app

pytestmark = pytest.mark.django_db


def test_tokens_store_a_digest_expire_and_can_be_revoked(tenants):
    user = tenants.people["viewer"]
    token, raw = create_token(user, "script", ["read"], 30)
    assert raw.startswith(f"hm_{token.prefix}_") and raw not in token.digest
    client = Client()
    ok = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ok.status_code == 200 and ok.json()["account"]["username"] == "a-viewer"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}x").status_code == 401
    assert client.get("/api/v1/documents", HTTP_AUTHORIZATION="Bearer junk").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    token2, raw2 = create_token(user, "other", ["read", "write"], 1)
    revoke(token2)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw2}").status_code == 401
    for bad in ({"scopes": []}, {"scopes": ["admin"]}, {"days": 400}, {"name": " "}):
        kwargs = {"name": "x", "scopes": ["read"], "days": 1} | bad
        with pytest.raises(TokenError):
            create_token(user, **kwargs)


def test_tokens_page_shows_the_secret_once(tenants):
    client = tenants.client("viewer")
    response = client.post("/accounts/tokens/", {"name": "ci", "scopes": ["read"], "days": 7})
    raw = response.context["raw"]
    assert raw.startswith("hm_") and raw.encode() in response.content
    assert raw.encode() not in client.get("/accounts/tokens/").content


def test_session_writes_need_the_csrf_token(tenants):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tenants.people["editor"])
    response = client.post(
        f"/api/v1/adoptions/{tenants.a_proposal.pk}/decision",
        {"action": "reject"},
        content_type="application/json",
    )
    assert response.status_code == 403
    tenants.a_proposal.refresh_from_db()
    assert tenants.a_proposal.status == "proposed"


def test_api_rate_limit(db, settings):
    cache.clear()
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"api": (3, 60)}
    client = Client()
    codes = [client.get("/api/v1/ics").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    refused = client.get("/api/v1/ics")
    assert int(refused["Retry-After"]) >= 1 and "too many" in refused.json()["detail"]
    cache.clear()


def test_public_form_rate_limit(db, settings):
    cache.clear()
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"forms": (2, 60)}
    client = Client()
    codes = [
        client.post("/accounts/password-reset/", {"email": "x@example.org"}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    cache.clear()


def test_security_headers_and_a_page_without_inline_script(db):
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert " onchange=" not in html and " style=" not in html
    assert "<script>" not in html  # every script has a src


def test_hsts_and_secure_cookies_when_on_https(db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = False
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_stack_trace_for_users(db, settings):
    from django.test import Client as C

    settings.DEBUG = False
    client = C(raise_request_exception=False)
    response = client.get("/documents/%00/")
    assert response.status_code in (404, 400)
    assert b"Traceback" not in response.content


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("tcvn.exe", b"MZ...", "application/octet-stream", "send a .csv or .xlsx file"),
        ("tcvn.xlsx", b"identifier,title\n", "application/zip", "content is not a .xlsx"),
        ("tcvn.csv", b"PK\x03\x04zip", "text/csv", "content is not text"),
        ("tcvn.csv", b"identifier,title\n", "image/png", "sent as image/png"),
        ("tcvn.csv", b"identifier,title\nTCVN 1:2000,\xff\xfe\n", "text/csv", "not UTF-8"),
        (
            "tcvn.csv",
            b"identifier,title,year\nTCVN 1:2000,=cmd|calc,19x5\n",
            "text/csv",
            "tcvn.csv, line 2",
        ),
    ],
)
def test_upload_refusals_change_nothing(tenants, name, content, content_type, message):
    before = Document.objects.count()
    client = tenants.client("editor")
    response = client.post(
        "/adoptions/upload/", {"body": "STAMEQ", "file": upload(name, content, content_type)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Document.objects.count() == before


def test_upload_size_limit(tenants, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = tenants.client("editor").post(
        "/adoptions/upload/",
        {
            "body": "STAMEQ",
            "file": upload("big.csv", b"identifier,title\n" + b"x" * 200, "text/csv"),
        },
    )
    assert response.status_code == 400 and b"larger than" in response.content


def test_upload_imports_for_an_editor_and_not_for_another_body(tenants):
    good = b"identifier,title\nTCVN 13000:2024,Invented standard\n"
    client = tenants.client("editor")
    response = client.post(
        "/adoptions/upload/", {"body": "STAMEQ", "file": upload("t.csv", good, "text/csv")}
    )
    assert response.status_code == 200 and response.context["report"].created == 1
    other = client.post(
        "/adoptions/upload/", {"body": "TISI", "file": upload("t.csv", good, "text/csv")}
    )
    assert other.status_code == 403


def test_check_deploy(db, settings, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(app, ["check-deploy"])
    assert result.exit_code == 1
    assert "SECRET_KEY is the built-in one" in result.output
    settings.SECRET_KEY = "k" * 20 + "Q9x!" * 10
    settings.DEBUG = False
    settings.HTTPS = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    result = runner.invoke(app, ["check-deploy"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    settings.DEBUG = True
    result = runner.invoke(app, ["check-deploy"])
    assert result.exit_code == 1 and "DEBUG is on" in result.output


def test_nul_characters_are_refused_everywhere(tenants):
    client = Client()
    assert client.get("/documents/a%00b/").status_code == 400
    assert client.get("/api/v1/search?q=a%00").status_code == 400
    assert (
        client.post("/accounts/login/", {"username": "a\x00", "password": "x"}).status_code == 400
    )
    response = client.post(
        f"/api/v1/adoptions/{tenants.a_proposal.pk}/decision",
        '{"action": "reject", "note": "a\\u0000b"}',
        content_type="application/json",
        **tenants.headers("editor"),
    )
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    tenants.a_proposal.refresh_from_db()
    assert tenants.a_proposal.status == "proposed"


def test_check_deploy_refuses_demo_accounts(db):
    from harmonia.demo.people import load_demo_people
    from tests.adoptions.fixtures import make_bodies

    make_bodies()
    load_demo_people()
    result = CliRunner().invoke(app, ["check-deploy"])
    said = " ".join(result.output.split())
    listed = "demo accounts open with the published password: demo-th-editor, demo-vn-admin,"
    assert listed in said
    assert result.exit_code == 1


def test_a_body_over_the_limit_is_refused_before_it_is_read(tenants, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    big = b"identifier,title\n" + b"x" * (2 * 1024 * 1024)
    response = tenants.client("editor").post(
        "/adoptions/upload/", {"body": "STAMEQ", "file": upload("big.csv", big, "text/csv")}
    )
    assert response.status_code == 413


def test_a_new_rank_in_the_role_table_takes_effect(tenants):
    from harmonia.accounts import policy
    from harmonia.accounts.models import Role

    viewer = tenants.people["viewer"]
    assert not policy.can_edit(viewer, tenants.a)
    try:
        Role.objects.filter(slug="viewer").update(rank=15)  # no signal: still cached
        Role.objects.filter(slug="editor").update(rank=12)
        assert not policy.can_edit(viewer, tenants.a)
        Role.objects.get(slug="viewer").save()  # any save of the table drops the cache
        policy.forget(viewer)
        assert policy.can_edit(viewer, tenants.a)  # viewer (15) now ranks above editor (12)
    finally:
        policy.forget_roles()  # the ranks roll back with the test; the cache must too
