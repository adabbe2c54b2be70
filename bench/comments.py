"""Benchmark: comments and systematic review — the ISO commenting template written and
read back, and a body's review queue, each beside a baseline measured in the same run.

    python bench/comments.py [--comments 1000] [--documents 20000]

It makes its own SQLite database in a temporary directory with invented comments and
documents:

- template: `services.export` and `services.import_file` of `--comments` comments as
  .docx and .xlsx (the import checks every row and writes them all in one transaction);
  baseline: python-docx (openpyxl) writing a bare table of the same cells, and reading
  every cell of it back, with no checks and no database (the libraries' floor).
- review queue: `reviews.services.queue` over a body of `--documents` current
  documents (due dates from the period table, overdue first); baseline: reading the
  same columns of the same rows (`values_list`), the database's floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import tempfile
from pathlib import Path

from benchkit import best_of, django_on_a_fresh_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=20_000)
    args = parser.parse_args()
    django_on_a_fresh_database("harmonia-bench-comments-")
    template(args.comments)
    review_queue(args.documents)
    return 0


def template(n: int) -> None:
    import docx
    from openpyxl import Workbook, load_workbook

    from harmonia.catalogue.models import Body
    from harmonia.comments import iso_template, services

    body = Body.objects.create(code="BENCH", name="Bench", kind="national", country_code="VN")
    cs = services.open_set(None, body=body, reference="ISO/DIS 1", title="t", check=False)
    rnd = random.Random(1)
    words = [
        "thuật",
        "ngữ",
        "yêu",
        "cầu",
        "hệ",
        "thống",
        "quản",
        "lý",
        "chất",
        "lượng",
        "clause",
        "shall",
        "should",
    ]
    for i in range(n):
        services.add(
            None, cs, check=False, type=rnd.choice(["ge", "te", "ed"]), line=str(i),
            clause=f"{i % 12}.{i % 7}", text=" ".join(rnd.choices(words, k=30)),
            proposed_change=" ".join(rnd.choices(words, k=12)),
        )  # fmt: skip
    cells = [
        [r.member_body, r.line, r.clause, r.element, r.type_id, r.text, r.proposed_change, ""]
        for r in cs.comments.all()
    ]
    folder = Path(tempfile.mkdtemp())
    print(f"\ntemplate: {n:,} comments (best of 3)")
    print(f"{'':22}{'Harmonia':>12}{'baseline':>12}{'ratio':>8}")
    for fmt in ("docx", "xlsx"):
        path = folder / f"c.{fmt}"
        write = best_of(lambda fmt=fmt, path=path: path.write_bytes(services.export(cs, fmt)))

        def bare_write(fmt=fmt) -> bytes:
            out = io.BytesIO()
            if fmt == "docx":
                d = docx.Document()
                t = d.add_table(rows=1, cols=8)
                for row in cells:
                    for c, v in zip(t.add_row().cells, row, strict=True):
                        c.text = v
                d.save(out)
            else:
                b = Workbook()
                for row in cells:
                    b.active.append(row)
                b.save(out)
            return out.getvalue()

        base_write = best_of(bare_write)
        bare = folder / f"bare.{fmt}"
        bare.write_bytes(bare_write())

        def read_all(fmt=fmt, path=path) -> None:
            target = services.open_set(None, body=body, reference="r", title="t", check=False)
            services.import_file(None, target, path, check=False)
            target.comments.all().delete()
            target.delete()

        def bare_read(fmt=fmt, bare=bare) -> int:
            if fmt == "docx":
                return sum(len(c.text) for r in docx.Document(bare).tables[0].rows for c in r.cells)
            wb = load_workbook(bare)
            return sum(len(str(v or "")) for r in wb.active.iter_rows(values_only=True) for v in r)

        read = best_of(read_all)
        base_read = best_of(bare_read)
        assert len(iso_template.read(path, ["ge", "te", "ed"], {}).rows) == n
        for what, mine, base in (("write", write, base_write), ("read + import", read, base_read)):
            label = f"{fmt} {what}"
            print(f"{label:22}{mine * 1000:>10.0f}ms{base * 1000:>10.0f}ms{mine / base:>7.2f}x")


def review_queue(n: int) -> None:
    from harmonia.catalogue.models import Body, Document
    from harmonia.catalogue.services import CURRENT
    from harmonia.reviews import services

    body = Body.objects.create(code="BENCHQ", name="Bench queue", kind="national")
    rnd = random.Random(2)
    docs = []
    for i in range(n):
        year = rnd.randint(1990, 2026)
        dates = [{"type": "published", "value": f"{year}-{rnd.randint(1, 12):02d}"}]
        if rnd.random() < 0.2:
            dates.append({"type": "confirmed", "value": f"{min(year + 5, 2026)}-06"})
        docs.append(
            Document(
                identifier=f"BQ {i}:{year}", key=f"bq-{i}-{year}", publisher=body,
                doctype_id="national-standard", stage_id="60.60", published=f"{year}",
                year=year, dates=dates, title=f"Document {i}",
            )
        )  # fmt: skip
    Document.objects.bulk_create(docs, batch_size=2000)
    today = dt.date(2026, 12, 1)
    mine = best_of(lambda: services.queue(body, today=today), repeat=5)
    _rows, total, overdue = services.queue(body, today=today)

    def floor() -> int:
        return len(
            list(
                Document.objects.filter(CURRENT, publisher=body).values_list(
                    "pk", "identifier", "title", "published", "dates", "year", "doctype_id",
                    "committee__reference",
                )
            )
        )  # fmt: skip

    base = best_of(floor, repeat=5)
    print(f"\nreview queue: {n:,} current documents, {total:,} due within a year "
          f"({overdue:,} overdue), best of 5")  # fmt: skip
    print(f"{'queue':22}{mine * 1000:>10.0f}ms{base * 1000:>10.0f}ms{mine / base:>7.2f}x"
          "   (baseline: reading the same rows)")  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.exit(main())
