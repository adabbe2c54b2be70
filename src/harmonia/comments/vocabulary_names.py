"""Names of the seeded comment types and resolutions, and the changes a comment's
history records, marked for translation (see catalogue/vocabulary_names.py)."""

from django.utils.translation import gettext_noop as _

COMMENT_TYPE_NAMES = [_("general"), _("technical"), _("editorial")]
RESOLUTION_NAMES = [_("Accepted"), _("Accepted in principle"), _("Not accepted"), _("Noted")]
HISTORY = [
    _("created"), _("decision"), _("resolution"), _("observations"), _("public"),
    _("member_body"), _("line"), _("clause"), _("element"), _("type"), _("text"),
    _("proposed_change"),
]  # fmt: skip
