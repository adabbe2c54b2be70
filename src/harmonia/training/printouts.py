"""What the organisers print: name badges (eight to an A4 page, cut along the lines)
and the participant list; DejaVu Sans carries Vietnamese and every Latin name."""

from __future__ import annotations

from importlib import resources
from typing import Any

from .models import Participant, Programme


def new_pdf(orientation: str = "P") -> Any:
    from fpdf import FPDF

    fonts = resources.files("harmonia.analytics") / "data" / "fonts"
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    return pdf


def _accepted(programme: Programme) -> list[Participant]:
    return list(
        Participant.objects.filter(programme=programme, status="accepted")
        .select_related("body")
        .order_by("body__code", "name")
    )


BADGE_W, BADGE_H = 90.0, 60.0


def badges_pdf(programme: Programme) -> bytes:
    pdf = new_pdf()
    pdf.set_auto_page_break(False)
    people = _accepted(programme)
    for i, person in enumerate(people):
        if i % 8 == 0:
            pdf.add_page()
        col, row = i % 2, (i % 8) // 2
        x, y = 15 + col * (BADGE_W + 0), 20 + row * BADGE_H
        pdf.set_line_width(0.2)
        pdf.rect(x, y, BADGE_W, BADGE_H)
        pdf.set_xy(x + 4, y + 5)
        pdf.set_font("DejaVu", "", 7)
        pdf.multi_cell(BADGE_W - 8, 3.5, programme.title, align="C")
        pdf.set_xy(x + 4, y + 22)
        pdf.set_font("DejaVu", "B", 15)
        pdf.multi_cell(BADGE_W - 8, 7, person.name, align="C")
        pdf.set_xy(x + 4, y + 38)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(BADGE_W - 8, 4.5, person.position or " ", align="C")
        pdf.set_xy(x + 4, y + 47)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(BADGE_W - 8, 5, f"{person.body} · {person.body.country_code}", align="C")
        if person.demo:
            pdf.set_xy(x + 4, y + 55)
            pdf.set_font("DejaVu", "", 5)
            pdf.cell(BADGE_W - 8, 3, "DEMO DATA — invented participant", align="C")
    if not people:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 10, "No accepted participant yet.")
    return bytes(pdf.output())


def participant_list_pdf(programme: Programme) -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, programme.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        5,
        f"{programme.host.name} · {programme.venue} · {programme.starts_on} – {programme.ends_on}"
        + (" · DEMO DATA (invented)" if programme.demo else ""),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    people = _accepted(programme)
    with pdf.table(col_widths=(8, 50, 52, 50, 20), text_align="LEFT") as table:
        header = table.row()
        for title in ("#", "Name", "Position", "Body", "Country"):
            header.cell(title)
        for n, person in enumerate(people, 1):
            row = table.row()
            for value in (str(n), person.name, person.position, person.body.name,
                          person.body.country_code):  # fmt: skip
                row.cell(value)
    pdf.ln(2)
    pdf.cell(0, 6, f"{len(people)} participants", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
