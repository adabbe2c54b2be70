from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "harmonia.ballots"
    label = "ballots"
    verbose_name = _("Ballots")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Ballot, BallotRule, BallotType

        audit.register(BallotRule, action="rules")
        audit.register(BallotType, action="rules")
        audit.register(Ballot, body=lambda b: b.body_id)
        from harmonia.committees import committee_parts

        from .services import committee_ballots

        committee_parts.add("ballots", committee_ballots)
