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
# The seeded rules' sources, shown beside them in the rule calculator.
BALLOT_RULE_SOURCES = [
    _(
        "ISO/IEC Directives, Part 1, 2.3.5: approval by a simple majority of the P-members "
        "voting (the editions we could read; some summaries cite two-thirds, so the threshold "
        "is this row's to change) and at least 4 P-members committed to take part in "
        "committees of 16 or fewer P-members, 5 in larger ones."
    ),
    _(
        "ISO/IEC Directives, Part 1, 2.5.6: consensus on a committee draft; in case of doubt, "
        "two-thirds of the P-members voting is sufficient."
    ),
    _(
        "ISO/IEC Directives, Part 1, 2.6.3 and 2.7.3: approved when two-thirds of the votes "
        "cast by P-members are in favour and not more than one-quarter of the total votes "
        "cast are negative; abstentions, and negative votes without technical reasons, are "
        "not counted."
    ),
    _(
        "ISO/IEC Directives, Part 1 and the Consolidated ISO Supplement (systematic review): "
        "a simple majority of the P-members voting decides (here: in favour = confirm the "
        "standard). Check the clause against the edition in use."
    ),
    _(
        "Harmonia default for national committee ballots, after the DIS/FDIS rule of the "
        "ISO/IEC Directives, Part 1 (experts of the committee in the place of P-members; "
        "observers are counted only in the negative share). A body replaces it with its "
        "national rule."
    ),
    _(
        "Harmonia default for a national position on an international ballot: the majority "
        "of the mirror committees' experts voting; the secretary consolidates and may record "
        "a different position with a note."
    ),
]
