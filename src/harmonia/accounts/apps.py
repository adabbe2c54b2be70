from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "harmonia.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from harmonia.catalogue.models import Body, Committee, Document

        from . import audit, signals  # noqa: F401  (sign-in events)
        from .models import (
            ApiToken,
            CommitteeMembership,
            CommitteeRole,
            Invitation,
            Membership,
            Role,
            TOTPDevice,
        )

        # The catalogue is below the accounts: its records are put on record from here.
        audit.register(Body, body=lambda b: b.pk)
        audit.register(Committee, body=lambda c: c.body_id)
        audit.register(Document, body=lambda d: d.publisher_id)
        # The role tables are rules: changing a rank changes who may do what.
        audit.register(Role, action="permission")
        from django.db.models.signals import post_delete, post_save

        from . import policy

        for signal in (post_save, post_delete):
            signal.connect(
                lambda **kwargs: policy.forget_roles(),
                sender=Role,
                weak=False,
                dispatch_uid=f"harmonia-role-ranks-{signal is post_save}",
            )
        audit.register(CommitteeRole, action="permission")
        audit.register(
            get_user_model(),
            exclude=("password", "last_login"),
            personal=("email", "first_name", "last_name", "username"),
            describe=lambda u: f"#{u.pk}",
        )
        audit.register(Membership, body=lambda m: m.body_id, action="permission")
        audit.register(
            CommitteeMembership,
            body=lambda m: m.committee.body_id,
            action="permission",
        )
        audit.register(
            ApiToken,
            exclude=("digest", "last_used_at"),
            action="token",
            describe=lambda t: t.prefix,
        )
        audit.register(
            Invitation,
            body=lambda i: i.body_id,
            exclude=("digest",),
            personal=("email",),
            action="invitation",
        )
        audit.register(
            TOTPDevice,
            exclude=("secret", "last_step"),
            action="two-factor",
        )
