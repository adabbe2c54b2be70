"""The parts of an international standards identifier, immutable and hashable."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# Publisher names as written in other languages, mapped to the canonical (English) form.
PUBLISHER_ALIASES = {"CEI": "IEC", "ИСО": "ISO", "МЭК": "IEC"}
SUPPLEMENT_KINDS = ("Amd", "Cor", "Add", "Suppl", "Ext", "ISH", "FRAG")


class IdentifierError(ValueError):
    """Text that is not an identifier; `position` is the offset where reading stopped."""

    def __init__(self, text: str, position: int, hint: str) -> None:
        pointer = f"{text[:position]}⟨here⟩{text[position:]}"
        super().__init__(f"not an identifier at position {position} ({pointer!r}): {hint}")
        self.text = text
        self.position = position
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Supplement:
    """An amendment, corrigendum, addendum, supplement or extension of a document."""

    kind: str  # one of SUPPLEMENT_KINDS
    number: str | None = None
    year: int | None = None
    stage: str | None = None  # PWI, NP, AWI, WD, CD, D (DAM), FD (FDAM), PRF
    iteration: int | None = None


@dataclass(frozen=True, slots=True)
class Identifier:
    """A document of ISO, IEC or their partners, as its parts.

    Two spellings of one document compare equal: the edition and the language of a
    particular copy (`ED5`, `(E)`) are kept and rendered on request, but are not part
    of what the identifier names.
    """

    publisher: str
    number: str
    copublishers: tuple[str, ...] = ()
    type: str | None = None  # TS, TR, PAS, Guide, IWA, ISP, TTA, R, Data, DIR
    stage: str | None = None  # PWI, NP, AWI, WD, CD, D, FD, PRF, DP, and legacy forms
    iteration: int | None = None
    parts: tuple[str, ...] = ()
    year: int | None = None
    supplements: tuple[Supplement, ...] = ()
    all_parts: bool = False
    suffix: str | None = None  # IEC: CSV, RLV, EXV, SER, CMV
    consolidated: tuple[Supplement, ...] = ()  # IEC 60050-131:2002+AMD1:2008
    edition: int | None = field(default=None, compare=False)
    languages: tuple[str, ...] = field(default=(), compare=False)
    extra: str | None = None  # free text a directive or series name keeps (DIR 1 ISO SUP)
    # A harmonized stage code known from a URN (stage-90.92); not part of the identity.
    stage_code: str | None = field(default=None, compare=False)

    @property
    def part(self) -> str | None:
        return "-".join(self.parts) if self.parts else None

    @property
    def base(self) -> Identifier:
        """The document without its supplements."""
        return replace(self, supplements=(), consolidated=(), suffix=None)

    def undated(self) -> Identifier:
        return replace(self.base, year=None, edition=None, languages=())

    def plain(self) -> Identifier:
        """The document itself: without the languages, edition and all-parts marks that a
        URN or a reference may add (`urn:iso:std:iso:9001:ed-5:en` → ISO 9001)."""
        return replace(self, languages=(), edition=None, all_parts=False)

    def render(self, lang: str = "en", with_edition: bool = False, style: str = "iso") -> str:
        from .render import render

        return render(self, lang=lang, with_edition=with_edition, style=style)

    def urn(self) -> str:
        from .urn import to_urn

        return to_urn(self)

    def __str__(self) -> str:
        return self.render()
