"""Names of the seeded vocabularies, marked for translation.

The tables hold the English names with their source; templates show them through
`{% translate %}`, so these markers put them in the message catalogues. Rows an NSB
adds itself show as written.
"""

from django.utils.translation import gettext_noop as _

DOCUMENT_TYPE_NAMES = [
    _("International Standard"), _("Technical Specification"), _("Technical Report"),
    _("Publicly Available Specification"), _("Guide"), _("International Workshop Agreement"),
    _("Directives"), _("Amendment"), _("Technical Corrigendum"),
    _("System Reference Deliverable"), _("International Standardized Profile"),
    _("Technology Trends Assessment"), _("Japanese Industrial Standard"),
    _("National Standard"), _("Standard"), _("Other deliverable"), _("White Paper"),
    _("Technical Committee document"), _("Standardization Trends Technical Report"),
    _("Test Method and Operating Procedure"),
]  # fmt: skip

STAGE_CODE_NAMES = [
    _("Proposal for new project received"), _("Proposal for new project under review"),
    _("Close of review"), _("Proposal for new project abandoned"),
    _("Approval to ballot proposal for new project"), _("Proposal for new project registered"),
    _("New project ballot initiated"), _("Close of voting"),
    _("Proposal returned to submitter for further definition"), _("New project rejected"),
    _("New project approved"), _("New project registered in TC/SC work programme"),
    _("Working draft (WD) study initiated"), _("Close of comment period"),
    _("Project deleted"), _("WD approved for registration as CD"),
    _("Committee draft (CD) registered"), _("CD consultation initiated"),
    _("CD referred back to Working Group"), _("Project cancelled"),
    _("CD approved for registration as DIS"), _("DIS registered"),
    _("DIS ballot initiated: 12 weeks"),
    _("Full report circulated: DIS referred back to TC or SC"),
    _("Full report circulated: decision for new DIS ballot"),
    _("Full report circulated: DIS approved for registration as FDIS"),
    _("Final text received or FDIS registered for formal approval"),
    _("Proof sent to secretariat or FDIS ballot initiated: 8 weeks"),
    _("Close of voting. Proof returned by secretariat"),
    _("FDIS or proof referred back to TC or SC"), _("FDIS or proof approved for publication"),
    _("International Standard under Publication"), _("International Standard published"),
    _("International Standard under systematic review"),
    _("International Standard to be revised"), _("International Standard confirmed"),
    _("Withdrawal of International Standard proposed by TC or SC"),
    _("Withdrawal ballot initiated"), _("Decision not to withdraw International Standard"),
    _("Withdrawal of International Standard"),
]  # fmt: skip

# Relaton date types, shown capitalised as labels on the document page.
DATE_TYPES = [
    _("Published"), _("Corrected"), _("Issued"), _("Confirmed"), _("Obsoleted"),
    _("Stable-until"), _("Circulated"), _("Updated"), _("Created"), _("Implemented"),
]  # fmt: skip

# Stages and sub-stages of the harmonized stage code system (Stage table).
STAGE_NAMES = [
    _("Preliminary"), _("Proposal"), _("Preparatory"), _("Committee"), _("Enquiry"),
    _("Approval"), _("Publication"), _("Review"), _("Withdrawal"), _("Registration"),
    _("Start of main action"), _("Completion of main action"), _("Decision"),
    _("Repeat an earlier phase"), _("Repeat a current phase"), _("Abandon"), _("Proceed"),
]  # fmt: skip

# A document's status (Document.status) as readers see it.
STATUS_LABELS = {
    "current": _("current"),
    "development": _("under development"),
    "withdrawn": _("withdrawn"),
    "unknown": _("no stage"),
}

# Kinds of title (Relaton's title types), shown beside each title on the document page.
TITLE_KINDS = {
    "main": _("full title"), "full": _("full title"),
    "title-intro": _("introductory element"), "intro": _("introductory element"),
    "title-main": _("main element"),
    "title-part": _("part"), "part": _("part"),
}  # fmt: skip
