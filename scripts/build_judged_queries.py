"""Build the judged query set from a database loaded with `harmonia demo`.

Known-item queries: each names one real document (its identifier, whole or partial, its
URN, words of its English, French or Vietnamese title, with a typo, without diacritics)
and is judged by that document; rules below skip documents the query cannot single out
(a title shared by another document, a number with several current editions). The
subject queries at the end are judged by hand. Deterministic: the same database gives
the same file.

    HARMONIA_VAR=var .venv/bin/python scripts/build_judged_queries.py > tests/search/judged.tsv

With --jis, the Japanese set instead, from a database that also holds the JIS archive
(`harmonia import relaton ../shared/data/relaton-data-jis.tar.xz`):

    HARMONIA_VAR=var .venv/bin/python scripts/build_judged_queries.py --jis \
        > tests/search/judged_jis.tsv
"""

from __future__ import annotations

import os
import random
import re
import sys
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
django.setup()

from harmonia.catalogue.models import Document, DocumentIdentifier, DocumentTitle  # noqa: E402
from harmonia.catalogue.services import CURRENT  # noqa: E402
from harmonia.search.text import STOP_WORDS, tokens  # noqa: E402
from harmonia.textfold import fold  # noqa: E402

RNG = random.Random(20261124)
SUBJECTS = [
    ("quality management systems", "", ["ISO 9001:2015", "ISO 9000:2015", "ISO 9004:2018"]),
    ("quality management systems requirements", "ISO 9001:2015", []),
    ("environmental management systems", "", ["ISO 14001:2015", "ISO 14004:2016"]),
    ("information security management systems requirements", "", ["ISO/IEC 27001:2022"]),
    ("occupational health and safety management systems", "", ["ISO 45001:2018"]),
    ("food safety management systems", "", ["ISO 22000:2018"]),
    ("energy management systems requirements", "", ["ISO 50001:2018"]),
    ("risk management guidelines", "", ["ISO 31000:2018"]),
    ("medical devices quality management systems", "", ["ISO 13485:2016"]),
    ("anti-bribery management systems", "", ["ISO 37001:2025"]),
    ("business continuity management systems requirements", "", ["ISO 22301:2019"]),
    ("guidance on social responsibility", "", ["ISO 26000:2010"]),
    ("competence of testing and calibration laboratories", "", ["ISO/IEC 17025:2017"]),
    ("auditing management systems", "", ["ISO 19011:2018"]),
    ("asset management systems requirements", "", ["ISO 55001:2024"]),
    ("artificial intelligence management system", "", ["ISO/IEC 42001:2023"]),
]


def current_ids() -> set[int]:
    return set(Document.objects.filter(CURRENT).values_list("pk", flat=True))


def content_words(text: str) -> list[str]:
    return [w for w in text.split() if fold(w).strip(",.:;()-–") not in STOP_WORDS]


def typo(text: str) -> str | None:
    words = text.split()
    longest = max(range(len(words)), key=lambda i: (len(words[i]), -i))
    w = words[longest]
    if len(w) < 6 or not w.isalpha():
        return None
    i = RNG.randrange(2, len(w) - 1)
    words[longest] = w[:i] + w[i + 1 :] if RNG.random() < 0.5 else w[:i] + w[i] + w[i:]
    return " ".join(words)


def jis_rows() -> list[tuple[str, str, str, str]]:
    """Japanese title words and JIS identifiers, judged by one JIS document each."""
    rng = random.Random(20261125)
    docs = list(
        DocumentTitle.objects.filter(language="ja", document__publisher__code="JISC")
        .order_by("document_id")
        .values_list("document__identifier", "content")
    )
    # The identifiers library has no JIS grammar, so the work is the identifier less
    # its year here.
    docs = [(i, re.sub(r":\d{4}$", "", i), t) for i, t in docs]
    shared = Counter(t for _, _, t in docs)
    editions = Counter(w for _, w, _ in docs if w)
    unique = [d for d in docs if shared[d[2]] == 1]
    rows: list[tuple[str, str, str, str]] = []
    # A part title (after the dash) or a short whole title, as typed: no spaces.
    for ident, _work, title in rng.sample(unique, len(unique)):
        tail = title.split("―")[-1].strip()
        if 4 <= len(tail) <= 24 and shared_tail(tail, docs) == 1:
            rows.append(("ja", tail, "", ident))
        if len(rows) == 15:
            break
    # Two keywords with a space, taken from the title's pieces between particles.
    for ident, _work, title in rng.sample(unique, len(unique)):
        pieces = [p for p in re.split(r"[のとに及び―・（）()、：:\s]+", title) if len(p) >= 2]
        if len(pieces) >= 3:
            rows.append(("ja-words", f"{pieces[0]} {pieces[-1]}", "", ident))
        if len(rows) == 25:
            break
    # Identifiers, whole and without their year when the work has one edition.
    for ident, _work, _title in rng.sample(docs, 10):
        rows.append(("id-jis", ident, ident, ""))
    single = [d for d in docs if d[1] and editions[d[1]] == 1]
    for ident, work, _title in rng.sample(single, 10):
        rows.append(("id-jis", work, ident, ""))
    return rows


def shared_tail(tail: str, docs: list[tuple[str, str, str]]) -> int:
    return sum(1 for _, _, t in docs if tail in t)


def main() -> None:
    if "--jis" in sys.argv:
        write(jis_rows())
        return
    rows: list[tuple[str, str, str, str]] = []
    current = current_ids()
    iso = list(
        Document.objects.filter(publisher__code="ISO")
        .order_by("pk")
        .values_list("pk", "identifier", "work", "base_identifier")
    )
    main_docs = [r for r in iso if not r[3]]
    # whole identifiers: current and withdrawn, as written and in lower case
    for _pk, ident, _, _ in RNG.sample(main_docs, 35) + RNG.sample([r for r in iso if r[3]], 10):
        rows.append(("id-whole", ident if RNG.random() < 0.7 else ident.lower(), ident, ""))
    # partial identifiers: the work (undated) and the number with its year
    editions = Counter(w for pk, _, w, _ in main_docs if w and pk in current)
    works = [r for r in main_docs if r[0] in current and r[2] and editions[r[2]] == 1]
    for _pk, ident, work, _ in RNG.sample(works, 25):
        rows.append(("id-partial", work.lower() if RNG.random() < 0.5 else work, ident, ""))
    numbered = [r for r in works if ident_number(r[1])]
    for _pk, ident, _work, _ in RNG.sample(numbered, 15):
        rows.append(("id-partial", ident_number(ident), ident, ""))
    # national identifiers (Viet Nam's demo catalogue and the real TCVN rows)
    vn = list(
        Document.objects.filter(publisher__country_code="VN", publisher__kind="national")
        .order_by("pk")
        .values_list("identifier", flat=True)
    )
    for ident in RNG.sample(vn, 20):
        rows.append(("id-national", ident, ident, ""))
    # URNs of documents with a single edition (a URN without a year names the newest)
    urns = list(
        DocumentIdentifier.objects.filter(type="URN", document__publisher__code="ISO")
        .filter(document__base_identifier="", document_id__in=[r[0] for r in works])
        .order_by("document_id")
        .values_list("value", "document__identifier")
    )
    for urn, ident in RNG.sample(urns, 10):
        rows.append(("urn", urn, ident, ""))
    # titles: English and French words of one document's title, whole title unique
    rows += title_rows("en", 35, current)
    rows += title_rows("fr", 20, current)
    rows += vietnamese_rows(30)
    for _cat, query, top1, top10 in [r for r in rows if r[0] == "en"][:20]:
        changed = typo(query)
        if changed:
            rows.append(("typo", changed, top1, top10))
    for query, top1, top10 in SUBJECTS:
        rows.append(("subject", query, top1, " | ".join(top10)))
    write(rows)


def write(rows: list[tuple[str, str, str, str]]) -> None:
    out = sys.stdout
    out.write("# category\tquery\ttop1\ttop10 (built by scripts/build_judged_queries.py)\n")
    for row in rows:
        out.write("\t".join(row) + "\n")


def ident_number(ident: str) -> str:
    rest = ident.split(" ", 1)[-1]
    return rest if rest.replace(":", "").replace("-", "").isdigit() else ""


def title_rows(language: str, n: int, current: set[int]) -> list[tuple[str, str, str, str]]:
    parts: dict[int, list[str]] = {}
    idents: dict[int, str] = {}
    for pk, ident, _kind, content in (
        DocumentTitle.objects.filter(
            language=language,
            kind__in=["title-intro", "title-main", "title-part"],
            document__publisher__code="ISO",
            document__base_identifier="",
        )
        .order_by("document_id", "position")
        .values_list("document_id", "document__identifier", "kind", "content")
    ):
        parts.setdefault(pk, []).append(content)
        idents[pk] = ident
    titles = [(pk, idents[pk], " ".join(p)) for pk, p in parts.items()]
    shared = Counter(" ".join(tokens(t)) for _, _, t in titles)
    out = []
    for pk, ident, title in RNG.sample(titles, len(titles)):
        if pk not in current or shared[" ".join(tokens(title))] != 1 or len(title) > 140:
            continue
        words = content_words(title.replace(" - ", " "))
        if len(words) < 3:
            continue
        # The last words: a part title tells the parts of a series apart.
        out.append((language, " ".join(words[-6:]), "", ident))
        if len(out) == n:
            break
    return out


def vietnamese_rows(n: int) -> list[tuple[str, str, str, str]]:
    titles = list(
        DocumentTitle.objects.filter(language="vi")
        .order_by("document_id")
        .values_list("document__identifier", "content")
    )
    shared = Counter(t for _, t in titles)
    unique = [(i, t) for i, t in titles if shared[t] == 1]
    out = []
    for ident, title in RNG.sample(unique, n):
        words = content_words(title.replace(" – ", " ").replace(" - ", " "))
        query = " ".join(words[:10])
        out.append(("vi", query, "", ident))
        out.append(("vi-folded", fold(query), "", ident))
    return out


if __name__ == "__main__":
    main()
