"""RFC 5141 URNs (urn:iso:std:...) in both directions, and IEC webstore URNs.

As in RFC 5141 and metanorma's implementation: originators joined by `-`, the type
when it is not an International Standard, the number, `-part`, `ed-N`, `stage-draft`
for any draft (or a harmonized stage code as ISO writes it), each supplement as
`kind:year-or-number:vN`, `ser` for "(all parts)", then the languages.

A `stage-draft` just before a supplement is read as the supplement's stage (as
pubid-iso does), so a URN cannot say that the base of a published amendment is a
draft; the rest of the document survives the round trip.
"""

from __future__ import annotations

import re

from .model import Identifier, IdentifierError, Supplement

_URN_KIND = {"Amd": "amd", "Cor": "cor", "Add": "sup", "Suppl": "sup", "Ext": "ext",
             "ISH": "ish", "FRAG": "frag"}  # fmt: skip
_KIND_OF = {"amd": "Amd", "cor": "Cor", "sup": "Suppl", "add": "Add", "ext": "Ext",
            "ish": "ISH", "frag": "FRAG"}  # fmt: skip
_TYPES = {"ts": "TS", "tr": "TR", "pas": "PAS", "guide": "Guide", "iwa": "IWA", "isp": "ISP",
          "tta": "TTA", "r": "R", "data": "Data", "dir": "DIR"}  # fmt: skip
_STAGE = re.compile(r"stage-(draft|published|\d\d\.\d\d)(?:\.v(\d+))?$")


def to_urn(x: Identifier) -> str:
    parts = ["urn:iso:std", "-".join(p.lower() for p in (x.publisher, *x.copublishers))]
    if x.type:
        parts.append(x.type.lower())
    parts.append(x.number)
    if x.parts:
        parts.append("-" + "-".join(x.parts))
    if x.edition:
        parts.append(f"ed-{x.edition}")
    if x.stage:
        parts.append("stage-draft" + (f".v{x.iteration}" if x.iteration else ""))
    elif x.stage_code:
        published = x.stage_code in {"60.00", "60.60"}
        parts.append("stage-published" if published else f"stage-{x.stage_code}")
    for s in x.supplements:
        if s.stage:
            parts.append("stage-draft")
        if s.year:
            parts += [_URN_KIND[s.kind], str(s.year), f"v{s.number or 1}"]
        else:
            parts += [_URN_KIND[s.kind], s.number or "1", "v1"]
    if x.all_parts:
        parts.append("ser")
    if x.languages:
        parts.append(",".join(x.languages))
    return ":".join(parts)


def parse_urn(text: str) -> Identifier:
    """Read an RFC 5141 URN (or an IEC webstore URN) back into an Identifier."""
    urn = text.strip()
    if urn.lower().startswith("urn:iec:std:"):
        return _parse_iec(urn, text)
    if not urn.lower().startswith("urn:iso:std:"):
        raise IdentifierError(text, 0, "a URN starts urn:iso:std: (RFC 5141) or urn:iec:std:")
    fields = urn[len("urn:iso:std:") :].split(":")
    pos = len("urn:iso:std:")
    originators = [o.upper() for o in fields.pop(0).split("-") if o]
    if not originators or not fields:
        raise IdentifierError(text, pos, "originator and document number expected")
    dtype = _TYPES.get(fields[0].lower())
    if dtype:
        fields.pop(0)
    if not fields or not fields[0][:1].isdigit():
        raise IdentifierError(text, pos, "document number expected")
    number = fields.pop(0)
    parts: tuple[str, ...] = ()
    if fields and fields[0].startswith("-"):
        parts = tuple(fields.pop(0)[1:].split("-"))
    edition = stage = iteration = stage_code = None
    supplements: list[Supplement] = []
    pending_stage: str | None = None
    all_parts = False
    languages: tuple[str, ...] = ()
    while fields:
        field = fields.pop(0)
        if field.startswith("ed-") and field[3:].isdigit():
            edition = int(field[3:])
        elif m := _STAGE.match(field):
            code = m.group(1)
            draft = code == "draft" or (code[:2].isdigit() and code < "60")
            if not draft:
                stage_code = "60.60" if code == "published" else code
            elif fields and fields[0] in _KIND_OF:
                # One draft stage before a supplement: an amendment or corrigendum in
                # preparation (WD), or a draft base for a supplement (as pubid-iso reads it).
                if fields[0] == "sup" and stage is None:
                    stage = "D"
                else:
                    pending_stage = "D" if stage is not None and fields[0] == "sup" else "WD"
            elif fields and _STAGE.match(fields[0]):
                stage = "D"
            else:
                stage = "D"
                iteration = int(m.group(2)) if m.group(2) else None
        elif field in _KIND_OF and fields:
            when = fields.pop(0)
            # the version (vN) is optional: urn:iso:std:iso:8501:-1:ed-1:sup:1994
            version = fields.pop(0) if fields and re.fullmatch(r"v\d+", fields[0]) else "v1"
            num = version[1:]
            year = int(when) if len(when) == 4 and when.isdigit() and when >= "1900" else None
            supplements.append(
                Supplement(_KIND_OF[field], num if year else when, year, pending_stage)
            )
            pending_stage = None
        elif field == "ser":
            all_parts = True
        elif re.fullmatch(r"[a-z]{2,5}(,[a-z]{2,5})*", field):
            languages = tuple(field.split(","))
        elif field:
            raise IdentifierError(text, urn.index(field), f"unknown URN element {field!r}")
    return Identifier(
        publisher=originators[0],
        copublishers=tuple(originators[1:]),
        type=dtype,
        stage=stage,
        iteration=iteration,
        number=number,
        parts=parts,
        supplements=tuple(supplements),
        all_parts=all_parts,
        edition=edition,
        languages=languages,
        stage_code=stage_code,
    )


_IEC_TYPES = {**_TYPES, "srd": "SRD", "sttr": "Trend Report", "tec": "Technology Report",
              "wp": "White Paper"}  # fmt: skip
_IEC_SUPPLEMENT = re.compile(r"([A-Za-z]+):?(\d+)?:?([\d-]*):?")
_IEC_PART = re.compile(r"\+(amd|cor):(\d+):(\d{4})?")


def _parse_iec(urn: str, text: str) -> Identifier:
    """IEC webstore URNs: urn:iec:std:PUB:NUMBER:DATE:TYPE:SUFFIX[+amd:N:DATE...][||amd:N:DATE...].

    For example urn:iec:std:iec:60730-2-8:2018-08::csv:+amd:1:2021-10||cor:1:2022-10
    is IEC 60730-2-8:2018+AMD1:2021 CSV/COR1:2022.
    """
    main, *supplement_texts = urn[len("urn:iec:std:") :].split("||")
    fields = main.split(":")
    if len(fields) < 2 or not fields[0] or not fields[1]:
        raise IdentifierError(text, 0, "IEC URN: urn:iec:std:PUBLISHER:NUMBER:DATE:TYPE:...")
    publishers = [p.upper() for p in re.split(r"[-/]", fields[0]) if p]
    number, *parts = re.split(r"[-/]", fields[1])
    if len(fields) > 2 and fields[2] and not fields[2][:1].isdigit():
        fields.insert(2, "")  # no date: urn:iec:std:cispr:18-1:tr:rlv
    date = fields[2] if len(fields) > 2 else ""
    year = int(date[:4]) if date[:4].isdigit() else None
    type_field = fields[3] if len(fields) > 3 else ""
    dtype = _IEC_TYPES.get(type_field.lower()) or (type_field if " " in type_field else None)
    suffix_field = fields[4] if len(fields) > 4 else ""
    suffix = suffix_field.upper() if suffix_field and not suffix_field.startswith("/") else None
    rest = ":".join(fields[5:])
    consolidated = tuple(
        Supplement(kind.capitalize(), num, int(y) if y else None)
        for kind, num, y in _IEC_PART.findall(rest)
    )
    supplements = []
    for item in supplement_texts:
        # amd:1:2017-09, ISH2:2019-06, amd:1/FRAG1:
        for piece in item.split("/"):
            m = _IEC_SUPPLEMENT.fullmatch(piece)
            if m is None or m.group(1).lower() not in _KIND_OF:
                raise IdentifierError(text, urn.index(item), f"unknown IEC supplement {item!r}")
            when = m.group(3) or ""
            year_of = int(when[:4]) if when[:4].isdigit() else None
            supplements.append(Supplement(_KIND_OF[m.group(1).lower()], m.group(2), year_of))
    for slot in (type_field, suffix_field):
        if slot.startswith("/"):  # urn:iec:std:iec:60309-3:1994-02::/FRAG1::
            m = re.fullmatch(r"/([A-Z]+)(\d+)", slot)
            if m and m.group(1) in {"FRAG", "ISH"}:
                supplements.append(Supplement(m.group(1), m.group(2)))
            if slot is type_field:
                dtype = None
    named = not number[:1].isdigit()
    return Identifier(
        publisher=publishers[0],
        copublishers=tuple(publishers[1:]),
        type=dtype,
        number="" if named and dtype else number,
        extra=number if named and dtype else None,
        parts=tuple(parts),
        year=year,
        consolidated=consolidated,
        supplements=tuple(supplements),
        suffix=suffix,
    )
