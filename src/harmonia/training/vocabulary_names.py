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

# UN M49 regions and areas (data/regions.csv), as the dashboard shows them.
M49_REGIONS = [_("Africa"), _("Americas"), _("Asia"), _("Europe"), _("Oceania")]
M49_AREAS = [
    _("Australia and New Zealand"), _("Caribbean"), _("Central America"), _("Central Asia"),
    _("Eastern Africa"), _("Eastern Asia"), _("Eastern Europe"), _("Melanesia"),
    _("Micronesia"), _("Middle Africa"), _("Northern Africa"), _("Northern America"),
    _("Northern Europe"), _("Polynesia"), _("South America"), _("South-eastern Asia"),
    _("Southern Africa"), _("Southern Asia"), _("Southern Europe"), _("Western Africa"),
    _("Western Asia"), _("Western Europe"),
]  # fmt: skip
