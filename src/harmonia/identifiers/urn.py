"""RFC 5141 URNs (urn:iso:std:...) in both directions, and IEC webstore URNs.

As in RFC 5141 and metanorma's implementation: originators joined by `-`, the type
when it is not an International Standard, the number, `-part`, `ed-N`, `stage-draft`
for any draft (or a harmonized stage code as ISO writes it), each supplement as
`kind:year-or-number:vN`, `ser` for "(all parts)", then the languages.
"""

from __future__ import annotations

import re

from .model import Identifier, IdentifierError, Supplement

_URN_KIND = {"Amd": "amd", "Cor": "cor", "Add": "sup", "Suppl": "sup", "Ext": "ext",
             "ISH": "ish", "FRAG": "frag"}  # fmt: skip
_KIND_OF = {"amd": "Amd", "cor": "Cor", "sup": "Suppl", "add": "Add", "ext": "Ext"}
_TYPES = {"ts": "TS", "tr": "TR", "pas": "PAS", "guide": "Guide", "iwa": "IWA", "isp": "ISP",
          "tta": "TTA", "r": "R", "data": "Data", "dir": "DIR"}  # fmt: skip
_STAGE = re.compile(r"stage-(draft|published|\d\d\.\d\d)(?:\.v(\d+))?$")
_IEC = re.compile(r"^urn:iec:std:([a-z/-]+):([0-9A-Za-z-]+):([0-9-]*):([^:]*):([^:]*):?(.*)$")


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
        elif field in _KIND_OF and len(fields) >= 2:
            when, version = fields.pop(0), fields.pop(0)
            num = version[1:] if version.startswith("v") else version
            year = int(when) if len(when) == 4 and when.isdigit() else None
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


def _parse_iec(urn: str, text: str) -> Identifier:
    """urn:iec:std:iec:60050-722:1992-11::: (IEC webstore): publisher, number, date."""
    m = _IEC.match(urn)
    if not m:
        raise IdentifierError(text, 0, "IEC URN: urn:iec:std:PUBLISHER:NUMBER:DATE:...")
    publishers = [p.upper() for p in re.split(r"[-/]", m.group(1)) if p]
    number, *parts = m.group(2).split("-")
    date = m.group(3)
    year = int(date[:4]) if date[:4].isdigit() else None
    consolidated: list[Supplement] = []
    for amd in re.findall(r"amd(\d+):(\d{4})", m.group(6) or ""):
        consolidated.append(Supplement("Amd", amd[0], int(amd[1])))
    return Identifier(
        publisher=publishers[0],
        copublishers=tuple(publishers[1:]),
        number=number,
        parts=tuple(parts),
        year=year,
        consolidated=tuple(consolidated),
    )
