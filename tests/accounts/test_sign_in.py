"""Sign-in: argon2 hashes, lockout, two-factor, password reset and invitations by
e-mail through a real SMTP server."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from harmonia.accounts import totp
from harmonia.accounts.models import AuditEvent, Invitation, LoginFailure, Membership
from harmonia.accounts.services import create_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def lan(db):
    return create_user("lan", PASSWORD, email="lan@example.org")


def sign_in(client: Client, username: str, password: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2(lan):
    assert lan.password.startswith("argon2$argon2id$")


def test_the_product_hashes_with_djangos_argon2id_at_its_full_cost():
    """The tests hash at the least cost (tests/hashers.py); the product does not."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from harmonia import settings as product

    assert product.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (2, 102400, 8)


def test_sign_in_and_the_event_on_record(lan):
    client = Client()
    response = sign_in(client, "lan", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/work/"
    assert client.get("/accounts/me/").status_code == 200
    event = AuditEvent.objects.get(action="sign-in")
    assert event.actor == lan and event.via == "web" and event.ip == "127.0.0.1"


def test_an_account_is_locked_after_five_failures_even_for_the_right_password(lan, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        response = sign_in(client, "lan", "wrong password")
        assert response.status_code == 200 and b"did not match" in response.content
    response = sign_in(client, "lan", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-ins for this account" in response.content
    assert "_auth_user_id" not in client.session
    # The lock ends with the window.
    LoginFailure.objects.update(at=LoginFailure.objects.first().at.replace(year=2000))
    assert sign_in(client, "lan", PASSWORD).status_code == 302


def test_an_address_is_throttled_across_account_names(lan, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    client = Client()
    for name in ("a", "b", "c"):
        sign_in(client, name, "x")
    response = sign_in(client, "lan", PASSWORD)
    assert response.status_code == 429 and b"from your address" in response.content


def test_the_next_parameter_cannot_send_people_elsewhere(lan):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "lan", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/work/"


def test_two_factor_set_up_and_sign_in(lan):
    client = Client()
    sign_in(client, "lan", PASSWORD)
    page = client.get("/accounts/two-factor/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.status_code == 200 and "not valid" in wrong.content.decode()
    assert client.post("/accounts/two-factor/", {"code": totp.code_at(secret)}).status_code == 302
    client.post("/accounts/logout/")

    fresh = Client()
    response = sign_in(fresh, "lan", PASSWORD)
    assert response["Location"] == "/accounts/login/verify/"
    assert "_auth_user_id" not in fresh.session  # the password alone is not enough
    assert fresh.post("/accounts/login/verify/", {"code": "123456"}).status_code == 200
    # The code used to turn two-factor on is spent: the next step's code signs in.
    code = totp.code_at(secret, time.time() + totp.STEP)
    assert fresh.post("/accounts/login/verify/", {"code": code}).status_code == 302
    assert fresh.get("/accounts/me/").status_code == 200
    # A code is good once.
    again = Client()
    sign_in(again, "lan", PASSWORD)
    assert again.post("/accounts/login/verify/", {"code": code}).status_code == 200


def test_platform_admins_must_set_up_two_factor_first(db):
    create_user("root", PASSWORD, superuser=True)
    client = Client()
    sign_in(client, "root", PASSWORD)
    for path in ("/accounts/me/", "/admin/", "/analytics/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
    assert client.get("/api/v1/me").status_code == 403
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and b"Platform admins must set up" in page.content
    # and cannot turn it off once on
    secret = re.search(rb'id="totp-secret">([A-Z2-7]+)<', page.content).group(1).decode()
    client.post("/accounts/two-factor/", {"code": totp.code_at(secret)})
    assert client.get("/admin/").status_code == 200
    assert client.post("/accounts/two-factor/", {"action": "disable"}).status_code == 403


def test_rfc6238_test_vectors():
    # RFC 6238, appendix B (SHA-1, 8 digits; the seed is the ASCII string 12345678901234567890)
    key = b"12345678901234567890"
    for when, code in ((59, "94287082"), (1111111109, "07081804"), (20000000000, "65353130")):
        assert totp.hotp(key, when // 30, digits=8) == code


def test_password_reset_by_e_mail(lan, smtp):
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "lan@example.org"})
    assert response.status_code == 302
    assert (
        client.post("/accounts/password-reset/", {"email": "nobody@example.org"}).status_code == 302
    )
    assert len(smtp.messages) == 1  # nothing is sent, and nothing said, for unknown addresses
    assert smtp.messages[0]["To"] == "lan@example.org"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", smtp.body()).group(1)
    form = client.get(link, follow=True)
    assert b"new_password1" in form.content
    new = "an entirely new passphrase"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(Client(), "lan", new).status_code == 302
    assert Client().get(link, follow=True).context["validlink"] is False  # used once


def test_invitation_by_e_mail(tenants, smtp, django_capture_on_commit_callbacks):
    admin = tenants.client("admin")
    with django_capture_on_commit_callbacks(execute=True):  # mail leaves after commit
        response = admin.post(
            "/accounts/bodies/STAMEQ/people/",
            {"action": "invite", "email": "hoa@example.org", "role": "editor"},
        )
    assert response.status_code == 302
    assert smtp.messages[-1]["To"] == "hoa@example.org"
    link = re.search(r"http://testserver(/accounts/invitations/\S+/)", smtp.body()).group(1)
    guest = Client()
    assert guest.get(link).status_code == 200
    weak = guest.post(link, {"username": "hoa", "password": "123", "password2": "123"})
    assert weak.status_code == 200 and not get_user_model().objects.filter(username="hoa").exists()
    ok = guest.post(link, {"username": "hoa", "password": PASSWORD, "password2": PASSWORD})
    assert ok.status_code == 302
    hoa = get_user_model().objects.get(username="hoa")
    assert Membership.objects.get(user=hoa).role_id == "editor"
    assert Client().get(link).status_code == 404  # used
    assert AuditEvent.objects.filter(action="permission:create", actor=hoa).exists()


def test_body_admins_cannot_invite_to_another_body_or_above_their_rank(tenants):
    admin = tenants.client("admin")
    assert (
        admin.post(
            "/accounts/bodies/TISI/people/",
            {"action": "invite", "email": "x@example.org", "role": "viewer"},
        ).status_code
        == 403
    )
    assert Invitation.objects.count() == 0
    assert not mail.outbox
