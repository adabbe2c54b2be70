"""Names of the seeded event kinds, marked for translation (see
catalogue/vocabulary_names.py)."""

from django.utils.translation import gettext_noop as _

EVENT_KINDS = [
    _("New edition published"),
    _("Amendment or corrigendum published"),
    _("Withdrawn"),
    _("New document published"),
    _("National adoption published"),
    _("Project stage changed"),
    _("Public enquiry opened"),
    _("Public enquiry closing soon"),
    _("Ballot opened"),
    _("Ballot closing soon"),
    _("Systematic review due"),
    _("Training deadline"),
]

# Why a row of an imported list matched nothing (follows.import_list).
UNMATCHED = [_("not a standard's identifier"), _("not in the catalogue")]
