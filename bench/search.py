"""Search latency: Harmonia's search against a bare tantivy query and a bare SQLite FTS5
query over the same texts, in the same run.

    HARMONIA_VAR=var .venv/bin/python bench/search.py [--import-shared]

Needs a database loaded with `harmonia demo`; --import-shared first adds the full ISO,
IEC and JIS archives of ../shared/data (all of the real data: about 141k documents with
the demo national catalogues). Queries: the judged set and words drawn from random
titles (seeded), 1,000 in all.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import sqlite3
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
django.setup()

import tantivy  # noqa: E402
from django.core.cache import cache  # noqa: E402
from served import gunicorn  # noqa: E402

from harmonia.catalogue.models import Document  # noqa: E402
from harmonia.search import answers  # noqa: E402
from harmonia.search.entries import iter_entries  # noqa: E402
from harmonia.search.evaluation import read_judged  # noqa: E402
from harmonia.search.service import SearchRequest, search, suggest  # noqa: E402
from harmonia.search.sync import ensure_ready, rebuild  # noqa: E402
from harmonia.search.text import query_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def line(label: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (
        f"| {label} | {pct(ms, 50):.2f} | {pct(ms, 95):.2f} | {pct(ms, 99):.2f} | "
        f"{statistics.mean(ms):.2f} |"
    )


def queries(n: int = 1000) -> list[str]:
    rng = random.Random(7)
    judged = [j.query for j in read_judged(ROOT / "tests" / "search" / "judged.tsv")]
    titles = list(Document.objects.order_by("pk").values_list("title", flat=True))
    out = list(judged)
    while len(out) < n:
        words = [w for w in query_words(rng.choice(titles)) if w.isalpha()]
        if words:
            k = rng.choice((1, 2))
            start = rng.randrange(max(1, len(words) - k + 1))
            out.append(" ".join(words[start : start + k]))
    return out[:n]


def timed(fn, items):  # type: ignore[no-untyped-def]
    out = []
    for q in items:
        t = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - t)
    return out


def over_http(base: str, path: str, items: list[str]) -> list[float]:
    """Each query as its own request (a new connection, as gunicorn's sync workers
    close them), the JSON body read in full."""
    host, port = base.removeprefix("http://").split(":")
    out = []
    for q in items:
        t = time.perf_counter()
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", path + urllib.parse.quote(q, safe=""))
        response = conn.getresponse()
        response.read()
        conn.close()
        out.append(time.perf_counter() - t)
        if response.status != 200:
            raise SystemExit(f"{path}{q!r} answered {response.status}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--import-shared", action="store_true")
    args = parser.parse_args()
    if args.import_shared:
        import subprocess

        shared = ROOT.parent / "shared" / "data"
        archives = [shared / f"relaton-data-{name}.tar.xz" for name in ("iso", "iec", "jis")]
        command = [str(Path(sys.executable).with_name("harmonia")), "import", "relaton"]
        subprocess.run([*command, *map(str, archives)], check=True)
    t = time.perf_counter()
    n = rebuild()
    build = time.perf_counter() - t
    ensure_ready()
    qs = queries()
    texts = [(e.pk, e.ident_text + " " + e.title_text) for e in iter_entries()]

    # floor 1: bare tantivy, one text field, OR of the words, top 20 by BM25
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("pk", stored=True)
    sb.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    schema = sb.build()
    bare = tantivy.Index(schema)
    w = bare.writer(200_000_000, 2)
    for pk, text in texts:
        d = tantivy.Document()
        d.add_unsigned("pk", pk)
        d.add_text("text", text)
        w.add_document(d)
    w.commit()
    bare.reload()
    searcher = bare.searcher()

    def bare_tantivy(q: str) -> None:
        words = query_words(q)
        if words:
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "text", x)) for x in words]
            )
            searcher.search(query, 20)

    # floor 2: bare FTS5 MATCH ... ORDER BY rank LIMIT 20 over the same texts
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61')")
    fts.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", texts)

    def bare_fts5(q: str) -> None:
        words = query_words(q)
        if words:
            match = " OR ".join(f'"{x}"' for x in words)
            fts.execute(
                "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 20", [match]
            ).fetchall()

    def harmonia(q: str) -> None:
        search(SearchRequest(q=q, per_page=20))

    def suggesting(q: str) -> None:
        suggest(q)

    kept_answer = answers.answer

    def computed(fn):  # type: ignore[no-untyped-def]
        """fn with nothing kept: every answer computed by the backend."""

        def run(q: str) -> None:
            answers.answer = lambda engine, plan, request: engine.search(plan, request)
            try:
                fn(q)
            finally:
                answers.answer = kept_answer

        return run

    for fn in (computed(harmonia), bare_tantivy, bare_fts5):  # warm up
        timed(fn, qs[:100])
    rows = []
    for label, fn in (
        ("Harmonia search, in-process (top 20, 7 facets, identifier ranking, snippets)", harmonia),
        ("Harmonia suggest (prefix, top 8)", suggesting),
    ):
        rows.append(line(f"{label}: nothing kept, every answer computed", timed(computed(fn), qs)))
        cache.clear()
        rows.append(
            line(
                f"{label}: the 1,000 in order from an empty cache (a query's first "
                "sight computed, its repeats kept)",
                timed(fn, qs),
            )
        )
        rows.append(line(f"{label}: the same 1,000 again (kept)", timed(fn, qs)))

    def browse(page: int) -> None:
        search(SearchRequest(q="", page=page, per_page=20))

    pages = list(range(1, 51))
    label = "browse: no words, 7 facets, pages 1-50"
    rows.append(line(f"{label}: nothing kept", timed(computed(browse), pages)))
    cache.clear()
    rows.append(
        line(
            f"{label}: from an empty cache (counts computed on page 1, then kept)",
            timed(browse, pages),
        )
    )
    rows.append(line(f"{label}: again (kept)", timed(browse, pages)))
    rows += [
        line("floor: bare tantivy, OR of the words, top 20 by BM25", timed(bare_tantivy, qs)),
        line("bare SQLite FTS5, MATCH ... ORDER BY rank LIMIT 20", timed(bare_fts5, qs)),
    ]  # fmt: skip
    os.environ["HARMONIA_BENCH_NO_RESPONSE_CACHE"] = "1"
    with gunicorn(workers=2) as base:
        # The answers of the passes above are kept: HTTP adds the server's own cost. The
        # response cache is left out (bench_settings), so every request reaches the view.
        over_http(base, "/api/v1/search?per_page=20&q=", qs[:100])  # warm both workers
        over_http(base, "/api/v1/suggest?q=", qs[:100])
        rows.append(
            line(
                "through HTTP: GET /api/v1/search (gunicorn, 2 workers; answers kept)",
                over_http(base, "/api/v1/search?per_page=20&q=", qs),
            )
        )
        rows.append(line("through HTTP: GET /api/v1/suggest (answers kept)",
                         over_http(base, "/api/v1/suggest?q=", qs)))  # fmt: skip
    from harmonia.search.backends import backend_name

    print(f"backend {backend_name()}; {n:,} documents indexed in {build:.1f} s; {len(qs)} queries")
    print("| what | p50 ms | p95 ms | p99 ms | mean ms |\n|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
