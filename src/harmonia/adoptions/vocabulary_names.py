"""Names of the seeded adoption methods and degrees, marked for translation (see
catalogue/vocabulary_names.py)."""

from django.utils.translation import gettext_noop as _

METHODS = [_("endorsement"), _("cover sheet"), _("reprint"), _("translation"), _("redraft")]
DEGREES = [_("identical"), _("modified"), _("not equivalent")]
