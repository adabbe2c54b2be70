"""What the apps above the catalogue add to a document's page and to its API answer:
`adoption` (harmonia.adoptions: the links adopting it and adopted by it) and `review`
(harmonia.reviews: its systematic review). See harmonia.page_parts."""

from __future__ import annotations

from harmonia.page_parts import PageParts

_document = PageParts()
add = _document.add
parts_of = _document.parts_of
part_of = _document.part_of
