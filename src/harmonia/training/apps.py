from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "harmonia.training"
    label = "training"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Certificate, Participant, Programme, ProgrammeBody

        audit.register(Programme, body=lambda p: p.host_id)
        audit.register(ProgrammeBody, body=lambda pb: pb.programme.host_id)
        audit.register(
            Participant,
            body=lambda p: p.programme.host_id,
            personal=("name", "email", "dietary", "accessibility"),
        )
        audit.register(Certificate, body=lambda c: c.participant.programme.host_id)
        from harmonia.accounts import personal_data

        from . import privacy

        personal_data.add("training", privacy.personal_data)
