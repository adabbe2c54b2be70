"""Every interface string has its Vietnamese translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "src" / "harmonia" / "locale"


def _unquote(lines: list[str]) -> str:
    return "".join(line[1:-1].replace('\\"', '"').replace("\\n", "\n") for line in lines)


def po_entries():
    """(msgid, msgstr, fuzzy) of every entry: strings wrapped over several quoted lines
    as gettext, Poedit and Weblate write them."""
    text = (LOCALE / "vi" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    for block in text.split("\n\n"):
        parts: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\]) (".*")$', line)
            if m:
                current = m.group(1)
                parts[current] = [m.group(2)]
            elif line.startswith('"') and current:
                parts[current].append(line)
            elif not line.startswith('"'):
                current = None if not line.startswith("#") else current
        if "msgid" not in parts:
            continue
        msgid = _unquote(parts["msgid"])
        if not msgid:
            continue  # the header
        msgstr = _unquote(parts.get("msgstr", parts.get("msgstr[0]", [])))
        yield msgid, msgstr, "#, fuzzy" in block


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


def test_quantities_are_grouped_by_the_language_and_ids_never_are():
    from harmonia.numbers import percent, quantity

    template = Template('<tr id="row-{{ pk }}"><td>{{ year }}</td><td>{{ n|qty }}</td></tr>')
    context = Context({"pk": 10717, "year": 2015, "n": 71266})
    with translation.override("vi"):
        assert template.render(context) == '<tr id="row-10717"><td>2015</td><td>71.266</td></tr>'
        assert quantity(23.0) == "23" and quantity(56.14) == "56,1"
        assert percent(1672 / 2979) == "56,1%"
    with translation.override("en"):
        assert template.render(context) == '<tr id="row-10717"><td>2015</td><td>71,266</td></tr>'
        assert quantity(0.7, decimals=2) == "0.70" and percent(0.5) == "50.0%"
    assert quantity(1234, "vi") == "1.234" and quantity(1234, "en") == "1,234"


def test_every_seeded_vocabulary_name_is_translated(db):
    """Pages show the names of seeded rows through {% translate %}: each one must be in
    a vocabulary_names module, and so in the catalogue with its Vietnamese."""
    from harmonia.accounts.models import CommitteeRole, Role
    from harmonia.adoptions.models import AdoptionMethod, Degree
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
    for model in (AdoptionMethod, Degree):
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
