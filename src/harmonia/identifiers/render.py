"""Identifier → text in ISO house style, in English, French or Russian."""

from __future__ import annotations

from .model import Identifier, Supplement

_FR_PUBLISHERS = {"IEC": "CEI"}
_RU_PUBLISHERS = {"ISO": "ИСО", "IEC": "МЭК"}
_RU_TYPES = {"TS": "ТС", "TR": "ТО"}
_RU_STAGES = {"FD": "ОПМС", "D": "ПМС"}
# Draft stages written as one word with the type: DIS, FDTS, DGuide...
_JOINED = {"D", "FD"}
_JOINED_KIND = {"Amd": "AM", "Cor": "COR", "Add": "AD", "Suppl": "Suppl", "Ext": "Ext",
                "ISH": "ISH", "FRAG": "FRAG"}  # fmt: skip
_LANG_LETTER_RU = {"ru": "R", "en": "E", "fr": "F"}


def _qualifiers(x: Identifier, lang: str) -> str:
    stage, dtype = x.stage, x.type
    if lang == "ru" and dtype in _RU_TYPES and stage is None:
        return _RU_TYPES[dtype]
    if lang == "ru" and stage in _RU_STAGES and dtype is None:
        return _RU_STAGES[stage]
    if stage in _JOINED:
        return stage + (dtype or "IS")
    if dtype == "Data":
        dtype = "DATA"
    return " ".join(w for w in (stage, dtype) if w)


def _supplement(s: Supplement, lang: str, iec: bool = False) -> str:
    if iec and s.stage is None:
        return f"/{s.kind.upper()}{s.number or ''}" + (f":{s.year}" if s.year else "")
    if s.stage in _JOINED:
        word = s.stage + _JOINED_KIND[s.kind]
    else:
        word = f"{s.stage} {s.kind}" if s.stage else s.kind
    text = "/" + word
    if s.number:
        text += ("." if lang == "fr" else " ") + s.number
    if s.iteration:
        text += f".{s.iteration}"
    if s.year:
        text += f":{s.year}"
    return text


def render(x: Identifier, lang: str = "en", with_edition: bool = False, style: str = "iso") -> str:
    """`style="iec"` writes as the IEC webstore does: `IEC TR 62001-4`, `/AMD1:2017`."""
    iec = style == "iec"
    names = [x.publisher, *x.copublishers]
    if lang == "fr":
        names = [_FR_PUBLISHERS.get(n, n) for n in names]
    elif lang == "ru":
        names = [_RU_PUBLISHERS.get(n, n) for n in names]
    chain = "/".join(names)
    quals = _qualifiers(x, lang)
    if x.type == "IWA":
        head = quals if x.publisher == "ISO" and not x.copublishers else f"{chain} {quals}"
    elif x.type == "Guide" and x.stage is None and lang in {"fr", "ru"}:
        head = ("Guide " if lang == "fr" else "Руководство ") + chain
    elif not quals:
        head = chain
    elif x.type == "Guide" and x.stage is None:
        head = f"{chain} Guide"
    elif x.copublishers or iec:
        head = f"{chain} {quals}"
    else:
        head = f"{chain}/{quals}"
    if x.type == "DIR" and x.extra is not None:
        return f"{head} {x.extra}".rstrip()
    if not x.number and x.extra is not None:  # IEC White Paper <title>:2016
        return f"{head} {x.extra}" + (f":{x.year}" if x.year else "")
    text = f"{head} {x.number}"
    if x.parts:
        text += "-" + "-".join(x.parts)
    if x.iteration:
        text += f".{x.iteration}"
    if x.year:
        text += f":{x.year}"
    for c in x.consolidated:
        text += f"+{c.kind.upper()}{c.number or ''}" + (f":{c.year}" if c.year else "")
    if x.suffix:
        text += f" {x.suffix}"
    if with_edition and x.edition:
        text += f" ED{x.edition}"
    for s in x.supplements:
        text += _supplement(s, lang, iec)
    if x.extra:
        text += x.extra
    if x.languages:
        if lang == "ru" and all(code in _LANG_LETTER_RU for code in x.languages):
            text += "(" + ",".join(_LANG_LETTER_RU[c] for c in x.languages) + ")"
        else:
            text += "(" + ",".join(x.languages) + ")"
    if x.all_parts:
        text += " (all parts)"
    return text
