"""Measure the search on a judged query set: top-1 accuracy and nDCG@10.

The file is tab-separated, one query a line: `category`, `query`, the identifier that
must come first (or empty), then the identifiers that must appear in the top 10
(separated by ` | `). Graded relevance for nDCG: the top-1 document 2, the others 1.
Lines starting with # are comments.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .query import SearchRequest

# Categories whose queries are identifiers, whole or partial (the top-1 goal).
IDENTIFIER_CATEGORIES = {"id-whole", "id-partial", "id-national", "urn"}


@dataclass(frozen=True)
class Judged:
    line: int
    category: str
    query: str
    top1: str
    top10: tuple[str, ...]


def read_judged(path: Path) -> list[Judged]:
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 4:
            raise ValueError(f"line {n}: expected 4 tab-separated cells, found {len(cells)}")
        category, query, top1, rest = (c.strip() for c in cells)
        top10 = tuple(x.strip() for x in rest.split(" | ") if x.strip())
        if not query or not (top1 or top10):
            raise ValueError(f"line {n}: a query and at least one expected document are needed")
        out.append(Judged(n, category, query, top1, top10))
    return out


@dataclass
class Outcome:
    judged: Judged
    got: list[str]
    top1_ok: bool | None
    ndcg: float


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def top1(self, categories: set[str] | None = None) -> float:
        rows = [
            o
            for o in self.outcomes
            if o.top1_ok is not None and (categories is None or o.judged.category in categories)
        ]
        return sum(o.top1_ok for o in rows) / len(rows) if rows else 1.0

    def ndcg(self, category: str | None = None) -> float:
        rows = [o for o in self.outcomes if category is None or o.judged.category == category]
        return sum(o.ndcg for o in rows) / len(rows) if rows else 1.0

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.top1_ok is False or o.ndcg < 1.0]

    def as_dict(self) -> dict[str, Any]:
        categories = sorted({o.judged.category for o in self.outcomes})
        return {
            "queries": len(self.outcomes),
            "top1_identifier": round(self.top1(IDENTIFIER_CATEGORIES), 4),
            "top1_all": round(self.top1(), 4),
            "ndcg10": round(self.ndcg(), 4),
            "by_category": {
                c: {
                    "queries": sum(o.judged.category == c for o in self.outcomes),
                    "top1": round(self.top1({c}), 4),
                    "ndcg10": round(self.ndcg(c), 4),
                }
                for c in categories
            },
            "misses": [
                {"line": o.judged.line, "query": o.judged.query, "got": o.got[:3]}
                for o in self.failures()
            ],
        }

    def summary(self) -> str:
        d = self.as_dict()
        lines = [
            f"{d['queries']} queries: top-1 (identifiers) {d['top1_identifier']:.1%}, "
            f"top-1 (all with a top-1) {d['top1_all']:.1%}, nDCG@10 {d['ndcg10']:.3f}"
        ]
        for c, v in d["by_category"].items():
            lines.append(
                f"  {c:<16} {v['queries']:>4}  top-1 {v['top1']:.1%}  nDCG@10 {v['ndcg10']:.3f}"
            )
        for m in d["misses"][:40]:
            lines.append(f"  below target, line {m['line']}: {m['query']!r} → {m['got']}")
        return "\n".join(lines)


def ndcg_at_10(got: list[str], grades: dict[str, int]) -> float:
    dcg = sum(grades.get(ident, 0) / math.log2(i + 2) for i, ident in enumerate(got[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 1.0


def evaluate(judged: list[Judged]) -> Report:
    from .service import search

    report = Report()
    for j in judged:
        found = search(SearchRequest(q=j.query, per_page=10, facets=False))
        got = [r.hit.identifier for r in found.results]
        grades: dict[str, int] = defaultdict(int)
        for ident in j.top10:
            grades[ident] = 1
        if j.top1:
            grades[j.top1] = 2
        top1_ok = (bool(got) and got[0] == j.top1) if j.top1 else None
        report.outcomes.append(Outcome(j, got, top1_ok, ndcg_at_10(got, dict(grades))))
    return report
