"""Every interface string has its Vietnamese translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "src" / "harmonia" / "locale"


def po_entries():
    text = (LOCALE / "vi" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    for block in text.split("\n\n"):
        if "msgid" not in block or 'msgid ""\nmsgstr ""\n"Project' in block:
            continue
        msgid = "".join(
            re.findall(
                r'^(?:msgid |")"?(.*?)"$', block.split("msgid_plural")[0].split("msgstr")[0], re.M
            )
        )
        msgstr = "".join(re.findall(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M))
        yield msgid.replace('\\"', '"'), msgstr.replace('\\"', '"'), "#, fuzzy" in block


def test_every_string_is_translated():
    entries = list(po_entries())
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    mo = gettext.GNUTranslations((LOCALE / "vi" / "LC_MESSAGES" / "django.mo").open("rb"))
    for msgid, msgstr, _ in po_entries():
        if "%(shown)s" in msgid:
            continue
        assert mo.gettext(msgid) == msgstr, msgid


def test_vietnamese_numbers_are_grouped():
    template = Template("{% load humanize %}{{ n|intcomma }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 71266})) == "71.266"
    with translation.override("en"):
        assert template.render(Context({"n": 71266})) == "71,266"


def test_every_seeded_vocabulary_name_is_translated(db):
    """Pages show the names of seeded rows through {% translate %}: each one must be in
    a vocabulary_names module, and so in the catalogue with its Vietnamese."""
    from harmonia.accounts.models import CommitteeRole, Role
    from harmonia.alerts.models import EventKind
    from harmonia.ballots.models import BallotRule, BallotType
    from harmonia.catalogue.models import DocumentType, Stage, StageCode
    from harmonia.comments.models import CommentType, Resolution
    from harmonia.committees.models import MemberStatus
    from harmonia.reviews.models import ReviewOutcome
    from harmonia.training.models import FeedbackCriterion

    names = set()
    for model in (Stage, StageCode, DocumentType, Role, CommitteeRole, BallotType, BallotRule):
        names |= set(model.objects.values_list("name", flat=True))
    names |= set(MemberStatus.objects.values_list("name", flat=True))
    for model in (CommentType, Resolution, ReviewOutcome, FeedbackCriterion, EventKind):
        names |= set(model.objects.values_list("name", flat=True))
    names |= {q for q in BallotType.objects.values_list("participation_question", flat=True) if q}
    assert len(names) > 100
    translated = {msgid for msgid, msgstr, fuzzy in po_entries() if msgstr and not fuzzy}
    assert sorted(names - translated) == []
    with translation.override("vi"):
        rendered = Template("{% load i18n %}{% translate name %}").render(
            Context({"name": "Enquiry draft (DIS)"})
        )
    assert rendered == "Dự thảo lấy ý kiến (DIS)"
