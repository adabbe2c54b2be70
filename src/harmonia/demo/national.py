"""Demo national catalogues: Viet Nam's and 15 more NSBs', generated deterministically.

Everything here is INVENTED demo data (labelled so in the web app: source `demo:`),
except the 25 TCVN adoptions of lubricant test methods, which are real records looked
up on Viet Nam's national portal (source `real:`). The generator adopts real ISO
documents of the loaded catalogue with each body's real designation pattern, at
varied rates and editions (some deliberately old, so the outdated list has content),
adds national-only standards and withdrawn ones, and groups the 16 bodies in the
network "ISO capacity-building programme 2025 cohort". Same seed, same data.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from harmonia.adoptions.national import NationalRow
from harmonia.adoptions.services import import_rows
from harmonia.catalogue.models import Body, Document, DocumentICS
from harmonia.catalogue.services import is_current_stage

from .snapshot import data_dir
from .vi_titles import VI_PRODUCTS, VI_SHAPES, VI_TITLES

SEED = 20251124
SOURCE = "demo:generated national catalogue (invented)"
REAL_SOURCE = "real:tcvn_lubricant_test_methods.csv (tieuchuan.vsqi.gov.vn, 2026-10-06)"
NETWORK = ("iso-capacity-building-2025", "ISO capacity-building programme 2025 cohort")


@dataclass(frozen=True)
class Profile:
    country: str
    size: int  # documents in the catalogue
    adoption: float  # share of documents that adopt an ISO document
    old_edition: float  # share of adoptions made of an older edition
    forms: tuple[str, ...]  # patterns of adopted identifiers, see _adopted_identifier
    national: str  # pattern of national-only numbers


PROFILES = [
    Profile("VN", 3200, 0.55, 0.30, ("tcvn-iso", "tcvn-paren", "tcvn-adopts"), "TCVN {n}:{y}"),
    Profile("GB", 1500, 0.85, 0.10, ("bs-en", "bs-iso"), "BS {n}:{y}"),
    Profile("DE", 1500, 0.80, 0.10, ("din-en", "din-iso"), "DIN {n}:{y}"),
    Profile("FR", 1400, 0.80, 0.12, ("nf-en", "nf-iso"), "NF X{n}:{y}"),
    Profile("BR", 1100, 0.60, 0.25, ("abnt",), "ABNT NBR {n}:{y}"),
    Profile("AR", 800, 0.55, 0.30, ("iram",), "IRAM {n}:{y}"),
    Profile("PE", 700, 0.60, 0.35, ("ntp",), "NTP {n}:{y}"),
    Profile("ZA", 900, 0.70, 0.25, ("sans",), "SANS 1{n}:{y}"),
    Profile("NG", 500, 0.45, 0.40, ("nis",), "NIS {n}:{y}"),
    Profile("GH", 450, 0.50, 0.40, ("gs",), "GS {n}:{y}"),
    Profile("TZ", 500, 0.50, 0.35, ("tzs",), "TZS {n}:{y}"),
    Profile("ID", 1200, 0.50, 0.30, ("sni",), "SNI {n}:{y}"),
    Profile("MY", 1000, 0.60, 0.20, ("ms",), "MS {n}:{y}"),
    Profile("PH", 700, 0.55, 0.30, ("pns",), "PNS {n}:{y}"),
    Profile("SG", 600, 0.65, 0.15, ("ss",), "SS {n}:{y}"),
    Profile("TH", 900, 0.50, 0.30, ("tis",), "TIS {n}-{be}"),
]
DEGREES = (("IDT", 0.86), ("MOD", 0.12), ("NEQ", 0.02))


@dataclass
class Edition:
    identifier: str
    work: str
    year: int
    current: bool
    title: str
    ics: list[str]
    committee: str


def _editions() -> dict[str, list[Edition]]:
    """Published editions of ISO works (no supplements), oldest first, per work."""
    ics: dict[int, list[str]] = defaultdict(list)
    for doc_id, code in DocumentICS.objects.filter(document__publisher__code="ISO").values_list(
        "document_id", "code"
    ):
        ics[doc_id].append(code)
    works: dict[str, list[Edition]] = defaultdict(list)
    rows = (
        Document.objects.filter(publisher__code="ISO", doctype_id="international-standard")
        .exclude(work="")
        .filter(stage__stage__in=["60", "90", "95"])
        .exclude(stage_id="60.00")
        .values_list(
            "id", "identifier", "work", "year", "stage_id", "title", "committee__reference"
        )
        .order_by("work", "year", "identifier")
    )
    for pk, identifier, work, year, stage, title, committee in rows:
        if not year or year < 1985 or stage.endswith(".98") or identifier.startswith("ISO/R "):
            continue  # the demo's catalogues start in 1990: older editions would look odd
        current = is_current_stage(stage)
        works[work].append(
            Edition(identifier, work, year, current, title, ics[pk], committee or "")
        )
    # Sorted here, not by the database: PostgreSQL's collation orders "/" and " " unlike
    # SQLite, and the same seed must give the same catalogue on both.
    return {w: sorted(e, key=lambda x: (x.year, x.identifier)) for w, e in sorted(works.items())}


# Each form: the national identifier's pattern, and whether the adopts column names the
# adopted edition (national numbers that do not carry it: TCVN NNNN, SANS, TIS).
FORMS: dict[str, tuple[str, bool]] = {
    "tcvn-iso": ("TCVN {work}:{year}", False),
    "tcvn-paren": ("TCVN {national_no}:{year} ({dated})", False),
    "tcvn-adopts": ("TCVN {national_no}:{year}", True),
    "bs-en": ("BS EN {dated}", False),
    "bs-iso": ("BS {dated}", False),
    "din-en": ("DIN EN {dated}", False),
    "din-iso": ("DIN {dated}", False),
    "nf-en": ("NF EN {dated}", False),
    "nf-iso": ("NF {dated}", False),
    "abnt": ("ABNT NBR {dated}", False),
    "iram": ("IRAM-{dated}", False),
    "ntp": ("NTP-{dated}", False),
    "sans": ("SANS {bare}", True),
    "nis": ("NIS {dated}", False),
    "gs": ("GS {dated}", False),
    "tzs": ("TZS {national_no}:{year} ({dated})", False),
    "sni": ("SNI {dated}", False),
    "ms": ("MS {dated}", False),
    "pns": ("PNS {dated}", False),
    "ss": ("SS {dated}", False),
    "tis": ("TIS {number}-{be}", True),
}


def _adopted_identifier(form: str, e: Edition, national_no: str, year: int) -> tuple[str, str]:
    """(national identifier, adopts column) for one adoption in a body's style."""
    bare = e.identifier.removeprefix("ISO ")
    pattern, states_adopts = FORMS[form]
    identifier = pattern.format(
        work=e.work,
        year=year,
        be=year + 543,
        national_no=national_no,
        dated=e.identifier,
        bare=bare,
        number=re.sub(r"^.* ", "", bare.split(":")[0]),
    )
    return identifier, e.identifier if states_adopts else ""


def _national_committee(country: str, committee: str) -> str:
    found = re.search(r"TC (\d+)", committee)
    if country != "VN" or not found:
        return ""
    return f"TCVN/TC {found.group(1)}"


def generate(
    profile: Profile,
    editions: dict[str, list[Edition]],
    rng: random.Random,
    reserved: frozenset[str] = frozenset(),
) -> list[NationalRow]:
    """One body's invented catalogue; `reserved` numbers (real records) are not reused."""
    works = sorted(w for w, e in editions.items() if any(x.current for x in e))
    # A few adoptions of works ISO withdrew without replacement: the "withdrawn" case.
    gone = sorted(w for w, e in editions.items() if not any(x.current for x in e))
    famous = [w for w in VI_TITLES if w in editions]
    if profile.country != "VN":
        famous = [w for w in famous if rng.random() < 0.8]
    wanted = round(profile.size * profile.adoption)
    n_gone = round(wanted * 0.02)
    chosen = (
        famous
        + rng.sample([w for w in works if w not in VI_TITLES], wanted - len(famous) - n_gone)
        + rng.sample(gone, n_gone)
    )
    rows: list[NationalRow] = []
    used: set[str] = set()
    taken = {int(m.group(1)) for r in reserved if (m := re.match(r"\D*(\d+)", r))}
    used_numbers: set[int] = set()

    def number_for(year: int) -> int:
        # Numbers grow with the years, as TCVN's do (5000s in the 1990s, 14000s today).
        while True:
            n = 5000 + (year - 1990) * 260 + rng.randrange(260)
            if n not in used_numbers and n not in taken:
                used_numbers.add(n)
                return n

    line = 1
    for work in chosen:
        line += 1
        history = editions[work]
        old = [e for e in history if not e.current]
        current = [e for e in history if e.current]
        if not current:
            e = old[-1]
        else:
            e = rng.choice(old) if old and rng.random() < profile.old_edition else current[-1]
        year = min(max(e.year + rng.choice((0, 1, 1, 2, 3)), 1990), 2025)
        form = rng.choice(profile.forms)
        national_no = f"{number_for(year)}" + ("-" + e.work.split("-")[-1] if "-" in e.work else "")
        identifier, adopts = _adopted_identifier(form, e, national_no, year)
        if form in {"sans", "tis"} and rng.random() < 0.15:
            adopts = ""  # the number alone: left for the proposer and the review queue
        if identifier.upper() in used:
            continue
        used.add(identifier.upper())
        degree = rng.choices([d for d, _ in DEGREES], [w for _, w in DEGREES])[0]
        if form not in {"tcvn-adopts", "sans", "tis"}:
            degree = "IDT" if degree == "NEQ" else degree
        if form in {"sans", "tis"} and not adopts:
            degree = "IDT"
        vi = VI_TITLES.get(work) if profile.country == "VN" else None
        rows.append(
            NationalRow(
                line=line,
                identifier=identifier,
                title=vi or e.title,
                title_en=e.title if vi else "",
                language="vi" if vi else "en",
                year=year,
                status="withdrawn" if rng.random() < 0.06 else "current",
                ics=e.ics[:3],
                adopts=[adopts] if adopts else [],
                degree=degree if adopts or degree != "IDT" else "",
                committee=_national_committee(profile.country, e.committee),
            )
        )
        if not adopts and degree != "IDT":
            rows[-1].adopts = [e.identifier]  # a modified adoption says what it modifies
    while len(rows) < profile.size:
        line += 1
        y = rng.randint(1995, 2025)
        n = number_for(y)
        identifier = profile.national.format(n=n, y=y, be=y + 543)
        product, ics = rng.choice(VI_PRODUCTS)
        shape = rng.choice(VI_SHAPES)
        title = shape.format(p=product) if profile.country == "VN" else f"National standard {n}"
        rows.append(
            NationalRow(
                line=line,
                identifier=identifier,
                title=title,
                language="vi" if profile.country == "VN" else "en",
                year=y,
                status="withdrawn" if rng.random() < 0.12 else "current",
                ics=[ics] if profile.country == "VN" else [],
                committee="TCVN/TC/F 1" if profile.country == "VN" and ics.startswith("67") else "",
            )
        )
    return rows


def real_tcvn_rows() -> list[NationalRow]:
    """The 25 real TCVN adoptions of lubricant test methods (one row a TCVN)."""
    text = (data_dir() / "tcvn_lubricant_test_methods.csv").read_text("utf-8")
    merged: dict[str, dict[str, Any]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if not row["tcvn"].strip():
            continue
        item = merged.setdefault(row["tcvn"], {"titles": [], "adopts": [], "degree": row["degree"]})
        item["titles"].append(row["property_vi"])
        item["adopts"].append(row["adopted_document"])
    rows = []
    for line, (tcvn, item) in enumerate(sorted(merged.items()), start=2):
        year = int(tcvn.rsplit(":", 1)[1])
        rows.append(
            NationalRow(
                line=line,
                identifier=tcvn,
                # The source names the property each method measures, not the full title.
                title=" / ".join(item["titles"]),
                language="vi",
                year=year,
                adopts=item["adopts"],
                degree=item["degree"],
            )
        )
    return rows


def load_demo_catalogues(progress: Callable[[int], None] | None = None) -> str:
    """Generate and import the 16 catalogues and the cohort network; idempotent."""
    from harmonia.adoptions.proposer import Pool, propose_for_body
    from harmonia.analytics.models import Network

    editions = _editions()
    if not editions:
        return "demo national catalogues: skipped (no ISO catalogue loaded)"
    members = []
    total = 0
    pool: Pool | None = None
    for profile in PROFILES:
        body = Body.objects.filter(country_code=profile.country, kind="national").first()
        if body is None:
            continue
        members.append(body)
        real = real_tcvn_rows() if profile.country == "VN" else []
        reserved = frozenset(r.identifier for r in real)
        rows = generate(profile, editions, random.Random(f"{SEED}-{profile.country}"), reserved)
        with transaction.atomic():
            if real:
                import_rows(body, real, REAL_SOURCE, propose_missing=False)
            import_rows(body, rows, SOURCE, propose_missing=False)
            if (
                profile.country in {"TH", "ZA"}
                and not body.documents.filter(adoptions__source="proposed").exists()
            ):
                pool = pool or Pool(("ISO",))
                propose_for_body(body, pool=pool)
        total += len(rows)
        if progress:
            progress(len(rows))
    network, _ = Network.objects.update_or_create(
        slug=NETWORK[0],
        defaults={
            "name": NETWORK[1],
            "description": "Demo: the heads of 16 NSBs from Europe, South America, Africa and "
            "South-East Asia in ISO's capacity-building leadership programme. Invented "
            "catalogues adopting real ISO documents.",
            "is_demo": True,
        },
    )
    network.members.set(members)
    return f"demo national catalogues: {len(members)} bodies, {total:,} documents (invented)"
