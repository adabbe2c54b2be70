"""A participant's states, the genders, the feedback questions seeded from
data/feedback_criteria.json and the dashboard's measures, as the pages show them,
marked for translation."""

from django.utils.translation import gettext_noop as _

STATUSES = [_("nominated"), _("accepted"), _("declined")]
GENDERS = [_("female"), _("male"), _("other"), _("not stated")]
CRITERIA = [
    _("The content was relevant to my work"),
    _("The trainer explained clearly and answered questions"),
    _("The materials were useful"),
    _("Overall, I am satisfied with the programme"),
    _("The programme met its objectives"),
    _("I can apply what I learnt in my body"),
    _("The programme was well organised"),
]
MEASURES = [
    _("bodies with an accepted participant"),
    _("accepted participants"),
    _("participants certified"),
    _("certified, per cent of participants"),
    _("mean attendance, per cent"),
    _("women, per cent of participants"),
    _("learning gain, percentage points"),
    _("satisfied (4 or 5), per cent of ratings"),
    _("actions done at 6 months, per cent"),
    _("mean progress of actions at 6 months, per cent"),
]
