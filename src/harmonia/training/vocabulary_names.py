"""A participant's states as the pages show them, marked for translation."""

from django.utils.translation import gettext_noop as _

STATUSES = [_("nominated"), _("accepted"), _("declined")]
