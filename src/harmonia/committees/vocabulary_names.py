"""Names of the seeded member statuses, marked for translation (see
catalogue/vocabulary_names.py)."""

from django.utils.translation import gettext_noop as _

MEMBER_STATUS_NAMES = [_("P-member"), _("O-member")]
