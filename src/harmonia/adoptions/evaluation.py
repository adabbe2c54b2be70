"""Precision and recall of the proposer's top proposal on a labelled sample.

The sample (bench/jis_sample/labels.csv) names JIS documents and, for each, the
ISO/IEC work it corresponds to (several acceptable works separated by `|`), or `none`.
A top proposal is correct when its work is one of the acceptable ones.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from harmonia.catalogue.models import Document
from harmonia.identifiers import work_key

from .proposer import Pool, candidates, national_items


@dataclass
class Evaluation:
    labelled: int = 0
    with_counterpart: int = 0
    proposed: int = 0  # documents that got a top proposal
    correct: int = 0  # top proposal is the labelled counterpart
    correct_in_top3: int = 0
    missing: list[str] = field(default_factory=list)  # labelled documents not in the database
    unknown_works: list[str] = field(default_factory=list)  # labels naming no held work
    errors: list[dict[str, Any]] = field(default_factory=list)
    scores: list[tuple[float, bool]] = field(default_factory=list)  # (top score, correct)

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.with_counterpart if self.with_counterpart else 0.0

    @property
    def recall_top3(self) -> float:
        return self.correct_in_top3 / self.with_counterpart if self.with_counterpart else 0.0


def read_labels(text: str) -> dict[str, set[str]]:
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        truth = row["counterpart"].strip()
        out[row["jis"].strip()] = set() if truth == "none" else set(truth.split("|"))
    return out


def evaluate(labels: dict[str, set[str]], pool: Pool | None = None) -> Evaluation:
    result = Evaluation(labelled=len(labels))
    docs = list(Document.objects.filter(identifier__in=list(labels)))
    held = {d.identifier for d in docs}
    result.missing = sorted(set(labels) - held)
    pool = pool or Pool()
    works = {w.work for w in pool.works}
    result.unknown_works = sorted({w for truth in labels.values() for w in truth} - works)
    found = candidates(national_items(docs), pool)
    by_pk = {d.pk: d.identifier for d in docs}
    for pk, identifier in by_pk.items():
        truth = labels[identifier]
        cands = found.get(pk, [])
        works = [c.work.work for c in cands]
        result.with_counterpart += bool(truth)
        if cands:
            result.proposed += 1
        if works and work_key(cands[0].work.identifier) in truth:
            result.correct += 1
        elif cands or truth:
            result.errors.append(
                {
                    "jis": identifier,
                    "truth": sorted(truth) or "none",
                    "top": works[:3],
                    "score": cands[0].score if cands else None,
                }
            )
        if cands:
            result.scores.append((cands[0].score, work_key(cands[0].work.identifier) in truth))
        if truth & set(works):
            result.correct_in_top3 += 1
    return result
