"""Names of the seeded review outcomes and the review ballot's question, marked for
translation (see catalogue/vocabulary_names.py)."""

from django.utils.translation import gettext_noop as _

OUTCOME_NAMES = [_("Confirm"), _("Revise"), _("Amend"), _("Withdraw")]
QUESTIONS = [_("Recommended outcome"), _("confirm"), _("revise"), _("amend"), _("withdraw")]
STATES = [_("under review"), _("decided")]
DATES = [_("Confirmed"), _("Withdrawn")]
