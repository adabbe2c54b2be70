"""Accounts as plain functions: people, their roles in bodies and committees,
invitations, two-factor devices, personal data export and removal."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.catalogue.models import Body

from . import audit, policy, totp
from .models import (
    ApiToken,
    CommitteeMembership,
    CommitteeRole,
    Invitation,
    Membership,
    Role,
    TOTPDevice,
)

# Source: the roles named in issue 6 of the project; a body may add its own rows.
ROLES = [
    ("viewer", "Viewer", 10, "reads what the body keeps private"),
    ("editor", "Editor", 20, "edits the body's catalogue and adoption links"),
    ("secretary", "Committee secretary", 30, "runs committees, projects and ballots"),
    ("admin", "Body administrator", 40, "manages the body's people and settings"),
]
# Source: ISO/IEC Directives Part 1, 1.8-1.12 (chair, secretariat, experts) and
# observers of a committee's work.
COMMITTEE_ROLES = [
    ("observer", "Observer", 10, False, "follows the committee's work"),
    ("expert", "Expert", 20, False, "takes part in the work and comments on drafts"),
    ("chair", "Chair", 30, True, "leads the committee"),
    ("secretary", "Secretary", 40, True, "runs the committee's secretariat"),
]

has_role = policy.has_role


def seed_roles(apps: Any = None) -> None:
    model = apps.get_model("accounts", "Role") if apps else Role
    for slug, name, rank, description in ROLES:
        model.objects.update_or_create(
            slug=slug, defaults={"name": name, "rank": rank, "description": description}
        )


def seed_committee_roles(apps: Any = None) -> None:
    model = apps.get_model("accounts", "CommitteeRole") if apps else CommitteeRole
    for slug, name, rank, manages, description in COMMITTEE_ROLES:
        model.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "rank": rank, "manages": manages, "description": description},
        )


class AccountError(ValueError):
    pass


def _check_password(password: str, user: Any = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("password: " + " ".join(exc.messages)) from None


@transaction.atomic
def create_user(
    username: str,
    password: str,
    *,
    email: str = "",
    superuser: bool = False,
    body: str | None = None,
    role: str = "admin",
) -> Any:
    User = get_user_model()
    if not username.strip():
        raise AccountError(gettext("username: empty"))
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(
            gettext("username: %(username)r exists already") % {"username": username}
        )
    _check_password(password, User(username=username, email=email))
    if superuser:
        user = User.objects.create_superuser(username=username, email=email, password=password)
    else:
        user = User.objects.create_user(username=username, email=email, password=password)
    if body:
        try:
            target = Body.objects.get(code=body)
        except Body.DoesNotExist:
            raise AccountError(
                gettext("body: no body with code %(body)r") % {"body": body}
            ) from None
        try:
            held = Role.objects.get(slug=role)
        except Role.DoesNotExist:
            raise AccountError(gettext("role: unknown role %(role)r") % {"role": role}) from None
        Membership.objects.create(user=user, body=target, role=held)
    return user


# -- roles ------------------------------------------------------------------------------


@transaction.atomic
def set_role(actor: Any, person: Any, body: Body, role: str | None) -> Membership | None:
    """Give `person` `role` in `body`, or take their membership away (role None)."""
    if role is not None and not Role.objects.filter(slug=role).exists():
        raise AccountError(gettext("role: unknown role %(role)r") % {"role": role})
    if not policy.can_grant(actor, body, role or "viewer"):
        raise PermissionError(
            gettext("only admins of %(code)s change its roles") % {"code": body.code}
        )
    if person.pk == getattr(actor, "pk", None) and not policy.is_platform_admin(actor):
        raise AccountError(gettext("role: you cannot change your own role"))
    policy.forget(person)
    return _assign(Membership, role, user=person, body=body)


@transaction.atomic
def set_committee_role(
    actor: Any,
    person: Any,
    committee: Any,
    role: str | None,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
) -> Any:
    """Give `person` `role` in `committee` for the term given (open-ended where a date
    is left out), or take them off it (role None)."""
    if role is not None and not CommitteeRole.objects.filter(slug=role).exists():
        raise AccountError(gettext("role: unknown committee role %(role)r") % {"role": role})
    if term_start and term_end and term_end < term_start:
        raise AccountError(
            gettext("term_end: %(term_end)s is before the start of the term (%(term_start)s)")
            % {"term_end": term_end, "term_start": term_start}
        )
    if not policy.can_manage_committee(actor, committee):
        raise PermissionError(
            gettext("only the officers of %(committee)s change its members")
            % {"committee": committee}
        )
    return _assign(
        CommitteeMembership,
        role,
        {"term_start": term_start, "term_end": term_end},
        user=person,
        committee=committee,
    )


def _assign(
    model: Any, role: str | None, values: dict[str, Any] | None = None, **where: Any
) -> Any:
    """The one row of `model` matching `where` given `role` (and `values`), or deleted
    (role None). Saved one by one so each change is on record in the audit trail."""
    values = {"role_id": role, **(values or {})}
    current = model.objects.filter(**where).first()
    if role is None:
        if current:
            current.delete()
        return None
    if current is None:
        return model.objects.create(**values, **where)
    if any(getattr(current, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(current, k, v)
        current.save()
    return current


# -- invitations ------------------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def invite(actor: Any, body: Body, email: str, role: str, accept_url: str) -> Invitation:
    """Create an invitation and mail its link; `accept_url` has `{token}` in it."""
    from django.core.validators import validate_email

    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(
            gettext("email: %(email)r is not an e-mail address") % {"email": email}
        ) from None
    if not Role.objects.filter(slug=role).exists():
        raise AccountError(gettext("role: unknown role %(role)r") % {"role": role})
    if not policy.can_grant(actor, body, role):
        raise PermissionError(
            gettext("only admins of %(code)s invite people to it") % {"code": body.code}
        )
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        body=body,
        role_id=role,
        email=email,
        digest=_digest(raw),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS),
    )
    link = accept_url.format(token=raw)
    role_name = Role.objects.get(slug=role).name
    # Sent after commit: a rolled-back invitation must not reach anyone.
    transaction.on_commit(
        lambda: send_mail(
            f"Harmonia: invitation to {body}",
            (
                f"{actor.get_username()} invites you to join {body.name} ({body}) on Harmonia "
                f"as {role_name}.\n\nAccept within {settings.INVITATION_DAYS} days:\n{link}\n\n"
                "If you did not expect this, ignore this message."
            ),
            None,
            [email],
        )
    )
    return invitation


def find_invitation(raw: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("body", "role").filter(digest=_digest(raw)).first()
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return None
    if invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, username: str, password: str) -> Any:
    """A new account for the invited person, with the role the invitation gives."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.revoked_at or locked.expires_at <= timezone.now():
        raise AccountError(gettext("invitation: used, revoked or expired"))
    user = create_user(username, password, email=locked.email)
    with audit.acting(user, audit.current_actor().via, audit.current_actor().ip):
        Membership.objects.create(user=user, body=locked.body, role=locked.role)
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save()
    return user


@transaction.atomic
def revoke_invitation(actor: Any, invitation: Invitation) -> None:
    if not policy.can_manage_members(actor, invitation.body):
        raise PermissionError(gettext("only the body's admins revoke its invitations"))
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save()


# -- two-factor -------------------------------------------------------------------------


def start_totp(user: Any) -> TOTPDevice:
    """The person's authenticator: a new unconfirmed secret the first time."""
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, secret=totp.new_secret())
    return device


def verify_totp(device: TOTPDevice, code: str) -> bool:
    """A code for a step not used before; confirms a new device on its first code."""
    step = totp.matching_step(device.secret, code)
    if step is None or step <= device.last_step:
        return False
    device.last_step = step
    if device.confirmed_at is None:
        device.confirmed_at = timezone.now()
    device.save()
    return True


def has_totp(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


# -- personal data ----------------------------------------------------------------------


def personal_data(user: Any) -> dict[str, Any]:
    """Everything Harmonia keeps about `user`, as the person may download it."""
    from harmonia.accounts import personal_data as personal_data_sections
    from harmonia.accounts.models import AuditEvent

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": iso(user.date_joined),
            "last_sign_in": iso(user.last_login),
            "active": user.is_active,
            "platform_admin": user.is_superuser,
            "two_factor": has_totp(user),
        },
        "bodies": [
            {"body": m.body.code, "role": m.role_id, "since": iso(m.since)}
            for m in Membership.objects.filter(user=user).select_related("body")
        ],
        "committees": [
            {"committee": m.committee.reference, "role": m.role_id, "since": iso(m.since)}
            for m in CommitteeMembership.objects.filter(user=user).select_related("committee")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "scopes": t.scopes,
                "created": iso(t.created),
                "expires": iso(t.expires_at),
                "revoked": iso(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user)
        ],
        "actions_on_record": [
            {
                "at": iso(e.at),
                "action": e.action,
                "object": f"{e.model} {e.object_repr}",
                "via": e.via,
            }
            for e in AuditEvent.objects.filter(actor=user).order_by("at")[:10_000]
        ],
        **personal_data_sections.sections(user),
    }


@transaction.atomic
def pseudonymize(actor: Any, person: Any) -> Any:
    """Remove a person but keep what they did: the account stays (so votes, comments,
    decisions and the audit trail still point to it) under a neutral name, with no
    e-mail, no password, no roles, no tokens and no authenticator. `actor` None is the
    server's operator (the CLI without --as)."""
    if actor is not None and not policy.can_remove_person(actor, person):
        raise PermissionError(gettext("you may not remove this person"))
    User = get_user_model()
    person = User.objects.select_for_update().get(pk=person.pk)
    person.username = f"removed-{person.pk}"
    person.email = ""
    person.first_name = ""
    person.last_name = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.save()
    for membership in Membership.objects.filter(user=person):
        membership.delete()
    for held in CommitteeMembership.objects.filter(user=person):
        held.delete()
    for token in ApiToken.objects.filter(user=person):
        token.delete()
    TOTPDevice.objects.filter(user=person).delete()
    Invitation.objects.filter(accepted_by=person).update(email="")
    audit.record("remove-person", model="auth.user", description=f"#{person.pk}")
    policy.forget(person)
    return person
