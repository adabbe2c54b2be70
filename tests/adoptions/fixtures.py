"""A small international catalogue and two national ones, with hand-computed answers.

International (ISO): 14001 in 2004 (withdrawn) and 2015 (+Amd 1:2024); 9001 in 2008
(withdrawn) and 2015 (+Amd 1:2024); 10993-1 in 2003, 2009 (withdrawn) and 2018;
1000:1992 (withdrawn, no successor); 2049:1996; 22000:2018.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from harmonia.adoptions.models import Adoption
from harmonia.catalogue.importers.jsonl import parse_jsonl
from harmonia.catalogue.loading import import_items
from harmonia.catalogue.models import Body

ISO = [
    # identifier, published, stage, ics, title, relations
    ("ISO 14001:2004", "2004-11", "95.99", ["13.020.10"], "Environmental management systems - Requirements with guidance for use", []),
    ("ISO 14001:2015", "2015-09", "90.93", ["13.020.10"], "Environmental management systems - Requirements with guidance for use", [("obsoletes", "ISO 14001:2004")]),
    ("ISO 14001:2015/Amd 1:2024", "2024-02", "60.60", ["13.020.10"], "Environmental management systems - Amendment 1", []),
    ("ISO 9001:2008", "2008-11", "95.99", ["03.120.10"], "Quality management systems - Requirements", []),
    ("ISO 9001:2015", "2015-09", "90.92", ["03.120.10"], "Quality management systems - Requirements", [("obsoletes", "ISO 9001:2008")]),
    ("ISO 9001:2015/Amd 1:2024", "2024-02", "60.60", ["03.120.10"], "Quality management systems - Requirements - Amendment 1: Climate action changes", []),
    ("ISO 10993-1:2003", "2003-07", "95.99", ["11.100.20"], "Biological evaluation of medical devices - Part 1: Evaluation and testing", []),
    ("ISO 10993-1:2009", "2009-10", "95.99", ["11.100.20"], "Biological evaluation of medical devices - Part 1: Evaluation and testing within a risk management process", []),
    ("ISO 10993-1:2018", "2018-08", "60.60", ["11.100.20"], "Biological evaluation of medical devices - Part 1: Evaluation and testing within a risk management process", [("obsoletes", "ISO 10993-1:2009")]),
    ("ISO 1000:1992", "1992-11", "95.99", ["01.060.10"], "SI units and recommendations for the use of their multiples", []),
    ("ISO 2049:1996", "1996-12", "90.93", ["75.080"], "Petroleum products - Determination of colour (ASTM scale)", []),
    ("ISO 22000:2018", "2018-06", "60.60", ["67.020"], "Food safety management systems - Requirements for any organization in the food chain", []),
]  # fmt: skip

VN_CSV = """identifier,title,status,adopts,degree,year
TCVN ISO 14001:2010,Hệ thống quản lý môi trường – Các yêu cầu,current,,,
TCVN ISO 9001:2015,Hệ thống quản lý chất lượng – Các yêu cầu,current,,,
TCVN 7391-1:2007 (ISO 10993-1:2003),Đánh giá sinh học trang thiết bị y tế – Phần 1,current,,,
TCVN 1000:1995,Đơn vị SI,current,ISO 1000:1992,MOD,1995
TCVN 5502:2003,Nước cấp sinh hoạt – Yêu cầu chất lượng,current,,,2003
TCVN ISO 22000:2018,Hệ thống quản lý an toàn thực phẩm,withdrawn,,,
TCVN 6023:2007,Màu ASTM,current,ISO 2049:1996,NEQ,2007
"""
TH_CSV = """identifier,title,adopts,degree
TIS 9001-2552,Quality management systems,ISO 9001:2008,IDT
TIS 22000-2562,Food safety management systems,ISO 22000:2018,IDT
"""


def record(
    identifier: str,
    published: str,
    stage: str,
    ics: list[str],
    title: str,
    relations: list[tuple[str, str]],
) -> dict:
    base = identifier.rsplit("/", 1)[0] if "/Amd" in identifier else ""
    return {
        "identifier": identifier,
        "identifiers": [{"type": "ISO", "id": identifier, "primary": True}],
        "publisher": "ISO",
        "copublishers": [],
        "doctype": "amendment" if base else "international-standard",
        "number": "",
        "edition": "",
        "languages": ["en"],
        "titles": [{"language": "en", "type": "main", "content": title}],
        "dates": [{"type": "published", "value": published}],
        "stage": stage,
        "status": "",
        "ics": ics,
        "committee": None,
        "base": base,
        "links": [],
        "relations": [{"type": t, "target": x} for t, x in relations],
        "source_id": identifier,
        "source_rank": "1",
    }


def load_international() -> None:
    items = [(r[0], orjson.dumps(record(*r))) for r in ISO]
    import_items("jsonl", ["fixture"], items, parse_jsonl, workers=1)


def make_bodies() -> tuple[Body, Body]:
    Body.objects.get_or_create(code="ISO", defaults={"name": "ISO", "kind": "international"})
    made = []
    for code, country, alpha2 in (("STAMEQ", "Viet Nam", "VN"), ("TISI", "Thailand", "TH")):
        body, _ = Body.objects.get_or_create(
            code=code,
            defaults={
                "acronym": code,
                "name": code,
                "kind": "national",
                "country": country,
                "country_code": alpha2,
            },
        )
        made.append(body)
    return made[0], made[1]


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def top(identifier: str) -> Adoption | None:
    """The best-scored link of a national document."""
    return Adoption.objects.filter(national__identifier=identifier).order_by("-score").first()
