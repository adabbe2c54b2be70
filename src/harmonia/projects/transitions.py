"""The moves between harmonized stage codes, derived once from the code table and
stored as StageTransition rows (a body may add its own).

Within a stage, a project goes registration (00) → main action (20) → completion (60)
→ decision (90 or straight to 92/93/98/99); 98 abandons at any point of the stage;
99 proceeds to the next stage's first code; 93 repeats the current phase (back to its
20); 92 goes back to an earlier stage. The ISO/IEC Directives let a committee skip the
CD (20.99 → 40.00) and the FDIS (40.99 → 60.00). Stage 60 leads to review (90) and
withdrawal (95) as the code table names them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

SOURCE = (
    "Derived from ISO's harmonized stage code table (harmonized_stage_code.json): the "
    "sub-stage order 00, 20, 60, 90 with decisions 92 (repeat an earlier phase), 93 "
    "(repeat the current phase), 98 (abandon), 99 (proceed); skips of the CD and FDIS "
    "stages where the ISO/IEC Directives, Part 1 allow them."
)
MAIN = ("00", "20", "60", "90")
DECISIONS = ("92", "93", "98", "99")
EXTRA = [
    ("20.99", "40.00", "skip"),
    ("40.99", "60.00", "skip"),
    ("60.60", "90.20", "proceed"),
    ("90.92", "10.00", "repeat"),
    ("90.92", "20.00", "repeat"),
    ("90.93", "90.20", "repeat"),
    ("90.99", "95.20", "proceed"),
    ("95.92", "90.93", "repeat"),
]


def derive(codes: Iterable[str]) -> list[tuple[str, str, str]]:
    """(from, to, kind) for every allowed move among `codes` ("40.20", ...)."""
    have = sorted(set(codes))
    by_stage: dict[str, list[str]] = {}
    for code in have:
        by_stage.setdefault(code[:2], []).append(code[3:])
    stages = sorted(by_stage)
    moves: set[tuple[str, str, str]] = set()
    for i, stage in enumerate(stages):
        subs = by_stage[stage]
        main = [s for s in MAIN if s in subs]
        decisions = [s for s in DECISIONS if s in subs]
        for a, b in itertools.pairwise(main):
            moves.add((f"{stage}.{a}", f"{stage}.{b}", "proceed"))
        last = main[-1] if main else None
        if last is not None:
            for d in decisions:
                if d != "98":
                    moves.add((f"{stage}.{last}", f"{stage}.{d}", _kind(d)))
        if "98" in subs:
            for s in main:
                moves.add((f"{stage}.{s}", f"{stage}.98", "abandon"))
        if "93" in subs and "20" in subs:
            moves.add((f"{stage}.93", f"{stage}.20", "repeat"))
        later = stages[i + 1] if i + 1 < len(stages) else None
        if "99" in subs and later is not None and stage < "60":
            moves.add((f"{stage}.99", f"{later}.{by_stage[later][0]}", "proceed"))
        if "92" in subs and stage < "60":
            for earlier in stages[:i]:
                for s in ("00", "20"):
                    if s in by_stage[earlier]:
                        moves.add((f"{stage}.92", f"{earlier}.{s}", "repeat"))
    moves |= {m for m in EXTRA if m[0] in have and m[1] in have}
    return sorted(moves)


def _kind(decision: str) -> str:
    return {"92": "repeat", "93": "repeat", "98": "abandon"}.get(decision, "proceed")
