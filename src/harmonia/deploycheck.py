"""`harmonia check-deploy`: the settings and accounts that make a site unsafe on the
internet, each with what to do. Errors must be fixed before going public; warnings
are choices to confirm."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

from django.conf import settings

INSECURE_KEY = "harmonia-local-only-insecure-key"


@dataclass(frozen=True)
class Finding:
    level: str  # error, warning
    what: str
    fix: str


def findings() -> list[Finding]:
    found: list[Finding] = []

    def error(what: str, fix: str) -> None:
        found.append(Finding("error", what, fix))

    def warning(what: str, fix: str) -> None:
        found.append(Finding("warning", what, fix))

    if settings.DEBUG:
        error("DEBUG is on: errors show stack traces and settings", "unset HARMONIA_DEBUG")
    key = settings.SECRET_KEY
    if key == INSECURE_KEY or len(key) < 50 or len(set(key)) < 5:
        error(
            "SECRET_KEY is the built-in one or weak: sessions and reset links can be forged",
            "set HARMONIA_SECRET_KEY to 50+ random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')",
        )
    if "*" in settings.ALLOWED_HOSTS:
        error("ALLOWED_HOSTS accepts any host name", "set HARMONIA_ALLOWED_HOSTS to your names")
    if not settings.HTTPS:
        warning(
            "HTTPS is off: cookies are sent in clear and browsers are not told to use HTTPS",
            "serve over HTTPS and set HARMONIA_HTTPS=1",
        )
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        warning(
            "e-mail is written to files: password resets and invitations reach nobody",
            "set HARMONIA_SMTP_URL=smtp://user:password@host:587?tls=1",
        )
    if not settings.PLATFORM_ADMIN_TOTP_REQUIRED:
        error("platform admins may sign in without a second factor", "require TOTP")
    if not all(limit for limit, _ in settings.RATE_LIMITS.values()):
        off = ", ".join(k for k, (limit, _) in settings.RATE_LIMITS.items() if not limit)
        warning(f"rate limits are off for: {off}", "unset the HARMONIA_RATE_* variables")
    found.extend(_accounts())
    found.extend(_django_deploy_checks())
    return found


def _accounts() -> list[Finding]:
    from django.contrib.auth import get_user_model

    from harmonia.accounts.demo_accounts import signable_demo_accounts
    from harmonia.accounts.models import TOTPDevice

    found = []
    demo = signable_demo_accounts()
    if demo:
        found.append(
            Finding(
                "error",
                f"demo accounts open with the published password: {', '.join(demo)}",
                "harmonia remove-person NAME for each (or give them new passwords)",
            )
        )

    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    with_totp = set(
        TOTPDevice.objects.filter(confirmed_at__isnull=False).values_list("user_id", flat=True)
    )
    missing = [u.username for u in admins if u.pk not in with_totp]
    if missing:
        found.append(
            Finding(
                "warning",
                f"platform admins without two-factor sign-in yet: {', '.join(sorted(missing))}",
                "they are asked to set it up at their next sign-in, before anything else",
            )
        )
    return found


def _django_deploy_checks() -> list[Finding]:
    """Django's own `check --deploy`, for what the list above does not already say."""
    from django.core.checks import run_checks

    said = {"security.W018", "security.W009", "security.W004", "security.W008"}
    said |= {"security.W012", "security.W016"}
    out = []
    for message in run_checks(include_deployment_checks=True):
        if message.id in said or not message.id or not message.id.startswith("security."):
            continue
        out.append(Finding("warning", f"{message.id}: {message.msg}", message.hint or ""))
    return out


def report(items: list[Finding]) -> str:
    buffer = StringIO()
    for item in items:
        buffer.write(f"{item.level}: {item.what}\n")
        if item.fix:
            buffer.write(f"  fix: {item.fix}\n")
    errors = sum(1 for i in items if i.level == "error")
    warnings = len(items) - errors
    buffer.write(f"{errors} errors, {warnings} warnings\n")
    return buffer.getvalue()
