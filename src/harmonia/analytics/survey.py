"""The ISO Survey of certifications: certificates per country and year (1993-2020).

Source: sbjorkholt/iso-standards (StanDat, University of Oslo) @ 2dff07e9,
`country_certification_survey_2009_2020.rds`, converted to CSV with values unchanged
(../shared/data/SOURCES.md); a compressed copy ships in `analytics/data/`. Countries are
matched to ISO 3166 codes through the bodies' country names and a few spellings.
"""

from __future__ import annotations

import csv
import io
import lzma
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from harmonia.catalogue.models import Body

from .models import CertificateCount

SHIPPED = "iso_survey_country_certificates_2009_2020.csv.xz"
SOURCE = "ISO Survey via StanDat (sbjorkholt/iso-standards @ 2dff07e9)"
COLUMNS = {
    "ISO 9001 certificate": "ISO 9001",
    "ISO 14001 certificate": "ISO 14001",
    "ISO/IEC 27001 certificate": "ISO/IEC 27001",
}
ALIASES = {
    "united kingdom of great britain and northern ireland": "GB",
    "united kingdom": "GB",
    "united states of america": "US",
    "russian federation": "RU",
    "korea, republic of": "KR",
    "republic of korea": "KR",
    "iran, islamic republic of": "IR",
    "tanzania, united republic of": "TZ",
    "viet nam": "VN",
    "vietnam": "VN",
    "czech republic": "CZ",
    "czechia": "CZ",
    "turkey": "TR",
    "türkiye": "TR",
    "bolivia, plurinational state of": "BO",
    "venezuela, bolivarian republic of": "VE",
    "taiwan, province of china": "TW",
    "chinese taipei": "TW",
    "hong kong, china": "HK",
    "hong kong": "HK",
    "macao, china": "MO",
    "macao": "MO",
    "macau, china": "MO",
    "korea (republic of)": "KR",
    "korea (democratic people's republic of)": "KP",
    "iran (islamic republic of)": "IR",
    "bolivia": "BO",
    "bolivia (plurinational state of)": "BO",
    "venezuela": "VE",
    "venezuela (bolivarian republic of)": "VE",
    "moldova (republic of)": "MD",
    "congo": "CG",
    "congo, republic of": "CG",
    "congo (democratic republic of the)": "CD",
    "côte d'ivoire": "CI",
    "cã´te d'ivoire": "CI",  # as the StanDat file spells it (UTF-8 read as Latin-1)
    "macedonia (the former yugoslav republic of)": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "swaziland": "SZ",
    "cabo verde": "CV",
    "cape verde": "CV",
    "libya": "LY",
    "libyan arab jamahiriya": "LY",
    "taipei, chinese": "TW",
    "mauritania, islamic republic of": "MR",
    "palestine": "PS",
    "guinea bissau": "GW",
    "guinea-bissau": "GW",
    "micronesia (federated states of)": "FM",
    "micronesia, federated states of": "FM",
    "samoa": "WS",
    "samoa, independent state of": "WS",
    "san marino": "SM",
    "san marino, republic of": "SM",
}


class SurveyError(ValueError):
    pass


def _codes() -> dict[str, str]:
    codes = dict(ALIASES)
    for country, code in Body.objects.exclude(country_code="").values_list(
        "country", "country_code"
    ):
        codes.setdefault(country.strip().lower(), code)
    return codes


def load_survey(name: str, text: str) -> tuple[int, list[str]]:
    """Replace the certificate figures; returns (rows loaded, countries not matched)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("country", "year", *COLUMNS) if c not in (reader.fieldnames or [])]
    if missing:
        raise SurveyError(
            gettext("%(name)s, line 1: column %(value)r is missing")
            % {"name": name, "value": missing[0]}
        )
    codes = _codes()
    rows: dict[tuple[str, int, str], CertificateCount] = {}
    unmatched: set[str] = set()
    for row in reader:
        country = row["country"].strip()
        code = codes.get(country.lower())
        if code is None:
            unmatched.add(country)
            continue
        try:
            year = int(row["year"])
        except ValueError:
            raise SurveyError(
                gettext("%(name)s, line %(line_num)s, column year: %(value)r")
                % {"name": name, "line_num": reader.line_num, "value": row["year"]}
            ) from None
        for column, standard in COLUMNS.items():
            value = (row[column] or "").strip()
            if value in {"", "NA"}:
                continue  # not surveyed that year
            try:
                n = int(float(value))
            except ValueError:
                raise SurveyError(
                    gettext("%(name)s, line %(line_num)s, column %(column)s: %(value)r")
                    % {"name": name, "line_num": reader.line_num, "column": column, "value": value}
                ) from None
            rows[(code, year, standard)] = CertificateCount(
                country_code=code, country=country, year=year, standard=standard,
                certificates=n, source=SOURCE,
            )  # fmt: skip
    with transaction.atomic():
        CertificateCount.objects.all().delete()
        CertificateCount.objects.bulk_create(rows.values(), batch_size=2000)
    return len(rows), sorted(unmatched)


def import_survey(path: Path) -> tuple[int, list[str]]:
    raw = path.read_bytes()
    if path.name.endswith(".xz"):
        raw = lzma.decompress(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SurveyError(
            gettext("%(path)s: not UTF-8 text (byte %(start)s)")
            % {"path": path, "start": exc.start}
        ) from None
    return load_survey(str(path), text)


def load_shipped_survey() -> str:
    data = resources.files("harmonia.analytics") / "data" / SHIPPED
    n, unmatched = load_survey(SHIPPED, lzma.decompress(data.read_bytes()).decode("utf-8"))
    return f"ISO Survey certificates: {n:,} figures ({len(unmatched)} territories not matched)"
