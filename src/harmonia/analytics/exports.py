"""Indicator tables (written as CSV or XLSX by `harmonia.spreadsheets`) and the PDF national
report."""

from __future__ import annotations

from importlib import resources
from typing import Any

from harmonia.catalogue.reader_language import name_of
from harmonia.numbers import percent, quantity

from . import indicators

Table = tuple[list[str], list[list[Any]]]


# The three tables of the harmonization indicator: (list in its result, columns as
# (header, key)).
HARMONIZATION_TABLES = {
    "harmonization": (
        "by_ics",
        [("ICS field", "field"), ("title", "title"), ("current", "current"),
         ("adopting", "adopting"), ("rate", "rate")],
    ),
    "committees": (
        "by_committee",
        [("committee", "committee"), ("current", "current"), ("adopting", "adopting"),
         ("rate", "rate")],
    ),
    "years": (
        "by_year",
        [("year", "year"), ("published", "published"), ("adopting", "adopting"),
         ("rate", "rate"), ("cumulative rate", "cumulative_rate")],
    ),
}  # fmt: skip


def table(name: str, body: Any) -> Table:
    """(header, rows) of one indicator of a body."""
    if name in HARMONIZATION_TABLES:
        key, columns = HARMONIZATION_TABLES[name]
        rows = indicators.harmonization(body)[key]
        return [h for h, _ in columns], [[r[k] for _, k in columns] for r in rows]
    if name == "outdated":
        items = indicators.outdated(body)
        return (
            ["national", "adopted", "current", "reason", "since", "days", "degree"],
            [
                [o.national, o.adopted, o.current, o.reason, o.since, o.days, o.degree]
                for o in items
            ],
        )
    if name == "gaps":
        data = indicators.gaps(body, limit=5000)
        return (
            ["identifier", "title", "adopted by peers", "peers"],
            [
                [i["identifier"], i["title"], i["adopted_by"], " ".join(i["bodies"])]
                for i in data["items"]
            ],
        )
    raise KeyError(name)


TABLES = ("harmonization", "committees", "years", "outdated", "gaps")


def report_pdf(body: Any, labels: dict[str, str]) -> bytes:
    """A printable national report: the headline figures and the main tables."""
    from fpdf import FPDF

    fonts = resources.files("harmonia.analytics") / "data" / "fonts"
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    h = indicators.harmonization(body)
    c = indicators.coverage(body)
    items = indicators.outdated(body)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(
        0, 9, f"{labels['title']}: {name_of(body)} ({body.code})", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("DejaVu", "", 10)
    if labels.get("demo"):
        pdf.multi_cell(0, 6, labels["demo"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    d = h["by_degree"]
    # Quantities as the interface language writes them (the report is in it).
    q = quantity
    lines = [
        f"{labels['rate']}: {percent(h['rate'])} ({q(h['adopting'])} / {q(h['current'])})",
        f"IDT {q(d['IDT'])} · MOD {q(d['MOD'])} · NEQ {q(d['NEQ'])} · "
        f"{labels['none']} {q(d['none'])}",
        f"{labels['coverage']}: {percent(c['rate'])} ({q(c['adopted_any_edition'])} / "
        f"{q(c['international_current'])})",
        f"{labels['outdated']}: {q(len(items))}",
    ]
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _pdf_table(
        pdf,
        labels["by_ics"],
        ["ICS", labels["field"], labels["current"], labels["adopting"], "%"],
        [
            [
                r["field"] or "—",
                r["title"][:60],
                q(r["current"]),
                q(r["adopting"]),
                percent(r["rate"], decimals=0),
            ]
            for r in h["by_ics"]
        ],
        [14, 106, 24, 24, 18],
    )
    _pdf_table(
        pdf,
        labels["outdated"],
        [labels["national"], labels["adopted"], labels["current_edition"], labels["reason"]],
        [
            [o.national[:40], o.adopted[:34], o.current[:40], labels.get(o.reason, o.reason)]
            for o in items[:200]
        ],
        [56, 46, 58, 26],
    )
    return bytes(pdf.output())


def _pdf_table(
    pdf: Any, title: str, header: list[str], rows: list[list[str]], widths: list[int]
) -> None:
    pdf.set_font("DejaVu", "B", 12)
    pdf.ln(2)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 8)
    for text, w in zip(header, widths, strict=True):
        pdf.cell(w, 6, text, border="B")
    pdf.ln()
    pdf.set_font("DejaVu", "", 8)
    for row in rows:
        for text, w in zip(row, widths, strict=True):
            pdf.cell(w, 5, str(text))
        pdf.ln()
