"""Names of the seeded role tables, marked for translation (see
catalogue/vocabulary_names.py): pages show them through `{% translate %}`."""

from django.utils.translation import gettext_noop as _

ROLE_NAMES = [_("Viewer"), _("Editor"), _("Committee secretary"), _("Body administrator")]
COMMITTEE_ROLE_NAMES = [_("Observer"), _("Expert"), _("Chair"), _("Secretary")]
