"""What the apps above the committees add to a committee's page: `projects`
(harmonia.projects: its work programme with each project's health) and `ballots`
(harmonia.ballots: its latest ballots the reader may see, with their phase). See
harmonia.page_parts."""

from __future__ import annotations

from harmonia.page_parts import PageParts

_committee = PageParts()
add = _committee.add
parts_of = _committee.parts_of
