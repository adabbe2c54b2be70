from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "harmonia.committees"
    label = "committees"
    verbose_name = _("Committees")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Liaison, MemberStatus

        audit.register(MemberStatus, action="rules")
        audit.register(Liaison, body=lambda x: x.committee.body_id)
