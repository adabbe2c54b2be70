from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "harmonia.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import EventKind

        audit.register(EventKind, action="rules")
        from . import signals  # noqa: F401  (what imports changed)
