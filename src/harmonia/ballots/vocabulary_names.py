"""Names of the seeded ballot types and rules, and the question a type asks, marked for
translation (see catalogue/vocabulary_names.py). Rows a body adds show as written."""

from django.utils.translation import gettext_noop as _

BALLOT_TYPE_NAMES = [
    _("New work item proposal (NP)"), _("Committee draft (CD)"), _("Enquiry draft (DIS)"),
    _("Final draft (FDIS)"), _("Systematic review"), _("National committee ballot"),
    _("National position on an international ballot"), _("National systematic review"),
]  # fmt: skip
BALLOT_RULE_NAMES = [
    _("New work item: majority of P-members voting, with participants"),
    _("Committee draft: two-thirds of P-members voting"),
    _("Enquiry or final draft: two-thirds of P-members, at most one-quarter negative"),
    _("Systematic review: majority of P-members voting"),
    _("National ballot: two-thirds of the experts voting"),
    _("National position: majority of the experts voting"),
]
QUESTIONS = [
    _("Vote"),
    _(
        "Do you commit to take an active part in the development of the project "
        "(nominate an expert)?"
    ),
]
