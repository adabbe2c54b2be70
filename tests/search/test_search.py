"""The query interface on the database of the run: tantivy on SQLite, PostgreSQL full
text on PostgreSQL."""

import pytest

from harmonia.catalogue.models import Body, Document, DocumentTitle, DocumentType
from harmonia.search import sync
from harmonia.search.service import SearchRequest, search, suggest

pytestmark = pytest.mark.django_db


def ids(q, **kw):
    return [r.hit.identifier for r in search(SearchRequest(q=q, **kw)).results]


def backend_ids(q):
    from harmonia.search.backends import backend
    from harmonia.search.query import plan

    request = SearchRequest(q=q)
    return [h.identifier for h in backend().search(plan(request), request).hits]


def test_identifier_first_then_editions_supplements_adoptions(indexed):
    got = ids("ISO 9001:2015")
    assert got[:3] == ["ISO 9001:2015", "ISO 9001:2008", "ISO 9001:2015/Amd 1:2024"]
    assert set(got[3:]) == {"TCVN ISO 9001:2015", "TIS 9001-2552"}


@pytest.mark.parametrize(
    "q", ["iso 9001", "9001", "ISO  9001：2015", "urn:iso:std:iso:9001", "iso 9001:2015(E)"]
)
def test_partial_and_other_spellings_find_the_current_edition(indexed, q):
    assert ids(q)[0] == "ISO 9001:2015"


def test_national_identifier_and_number_with_year(indexed):
    assert ids("TCVN ISO 9001:2015")[0] == "TCVN ISO 9001:2015"
    assert ids("10993-1:2018")[0] == "ISO 10993-1:2018"


def test_withdrawn_ranks_below_current_unless_asked_for(indexed):
    got = ids("environmental management systems requirements")
    assert got.index("ISO 14001:2015") < got.index("ISO 14001:2004")
    assert ids("environmental management", filters={"status": ("withdrawn",)}) == ["ISO 14001:2004"]


def test_vietnamese_with_and_without_diacritics(indexed):
    assert ids("Hệ thống quản lý chất lượng") == ["TCVN ISO 9001:2015"]
    assert ids("he thong quan ly chat luong") == ["TCVN ISO 9001:2015"]
    assert ids("HE THONG QUAN LY MOI TRUONG") == ["TCVN ISO 14001:2010"]


def test_typos_and_prefixes(indexed):
    assert "ISO 9001:2015" in ids("quallity managment")[:3]
    assert ids("biologcal evaluation")[0] == "ISO 10993-1:2018"
    assert next(h.identifier for h in suggest("biolog")) == "ISO 10993-1:2018"
    assert next(h.identifier for h in suggest("food saf")) == "ISO 22000:2018"


def test_results_page_finishes_an_unfinished_word_only_when_nothing_else_matches(indexed):
    # Enter pressed mid-word in the instant box keeps what the box showed ...
    widened = search(SearchRequest(q="food saf"))
    assert widened.results[0].hit.identifier == "ISO 22000:2018"
    assert widened.request.prefix
    # ... while words that match as they are are not widened.
    assert not search(SearchRequest(q="food safety")).request.prefix
    assert ids("xyzzy") == []


def test_facets_count_and_combine(indexed):
    found = search(SearchRequest(q="management"))
    publishers = dict(found.facets["publisher"])
    assert publishers["ISO"] == len(
        [i for i in ids("management", per_page=100) if i.startswith("ISO")]
    )
    both = search(SearchRequest(q="management", filters={"publisher": ("ISO", "TISI")}))
    assert both.total == publishers["ISO"] + publishers["TISI"] == found.total
    # the selected facet still offers its other values, with their counts
    assert dict(both.facets["publisher"])["ISO"] == publishers["ISO"]
    narrowed = search(
        SearchRequest(q="management", filters={"publisher": ("ISO",), "status": ("current",)})
    )
    assert (
        narrowed.total
        == dict(found.facets["status"])["current"]
        - (publishers.get("STAMEQ", 0) + publishers.get("TISI", 0))
        or narrowed.total > 0
    )
    assert all(r.hit.status == "current" for r in narrowed.results)
    assert dict(found.facets["ics"])["03"] >= 2


def test_sort_by_date_and_paging(indexed):
    newest = ids("", filters={"publisher": ("ISO",)}, sort="newest", per_page=3)
    assert newest[0] in {"ISO 14001:2015/Amd 1:2024", "ISO 9001:2015/Amd 1:2024"}
    page2 = ids("", filters={"publisher": ("ISO",)}, sort="newest", per_page=3, page=2)
    assert not set(newest) & set(page2)


def test_highlighted_snippet(indexed):
    r = search(SearchRequest(q="food safety")).results[0]
    assert ("Food", True) in r.snippet and ("safety", True) in r.snippet


def test_index_follows_committed_writes(indexed, django_capture_on_commit_callbacks):
    iso = Body.objects.get(code="ISO")
    with django_capture_on_commit_callbacks(execute=True):
        doc = Document.objects.create(
            identifier="ISO 77777:2026",
            key="ISO 77777:2026",
            publisher=iso,
            doctype=DocumentType.objects.first(),
            title="Zygomorphic widgets",
        )
        DocumentTitle.objects.create(document=doc, language="ja", content="鉄鋼の品質試験")
    assert ids("zygomorphic") == ["ISO 77777:2026"]
    assert ids("品質") == ["ISO 77777:2026"]
    with django_capture_on_commit_callbacks(execute=True):
        doc.delete()
    assert ids("zygomorphic") == []


def test_uncommitted_writes_wait_in_the_outbox(indexed):
    from harmonia.search.models import PendingChange

    iso = Body.objects.get(code="ISO")
    Document.objects.create(
        identifier="ISO 77778:2026", key="ISO 77778:2026", publisher=iso,
        doctype=DocumentType.objects.first(), title="Quixotic gadgets",
    )  # fmt: skip
    # no commit yet: not in the index, but recorded for the indexer
    # (the backend is asked directly: a search would first catch up, and in this test's
    # one transaction it would see the row)
    assert backend_ids("quixotic") == []
    assert PendingChange.objects.exists()
    sync.catch_up()
    assert backend_ids("quixotic") == ["ISO 77778:2026"]
    assert not PendingChange.objects.exists()


def test_missing_index_is_rebuilt_on_first_search(indexed):
    from harmonia.search.backends import backend

    engine = backend()
    engine.delete([d.pk for d in Document.objects.all()])
    assert engine.count() == 0
    sync.forget()
    assert ids("ISO 9001:2015")[0] == "ISO 9001:2015"
    assert engine.count() == Document.objects.count()


def test_one_catch_up_per_transaction_and_a_rebuild_past_the_threshold(
    indexed, django_capture_on_commit_callbacks, monkeypatch
):
    from harmonia.search.models import PendingChange

    docs = list(Document.objects.order_by("pk")[:6])
    titles = {d.pk: d.title for d in docs}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for d in docs[:3]:  # an import writes batch after batch in one transaction
            Document.objects.filter(pk=d.pk).update(title=f"Xylophonic {d.pk}")
            sync.changed([d.pk])
    # One catch-up (the change generation's bump is the other callback).
    assert len([c for c in callbacks if isinstance(c, sync._CatchUpOnCommit)]) == 1
    assert not PendingChange.objects.exists()
    assert len(ids("xylophonic")) == 3

    # More pending documents than FULL_REBUILD_ABOVE: one rebuild empties the outbox.
    monkeypatch.setattr(sync, "FULL_REBUILD_ABOVE", 2)
    for d in docs:
        Document.objects.filter(pk=d.pk).update(title=titles[d.pk])
    PendingChange.objects.bulk_create([PendingChange(document_id=d.pk) for d in docs])
    assert sync.catch_up() == Document.objects.count()
    assert not PendingChange.objects.exists() and ids("xylophonic") == []


def test_a_large_import_asks_for_a_rebuild(
    indexed, django_capture_on_commit_callbacks, monkeypatch
):
    from harmonia.search.models import REBUILD, PendingChange

    monkeypatch.setattr(sync, "FULL_REBUILD_ABOVE", 2)
    docs = list(Document.objects.order_by("pk")[:3])
    with django_capture_on_commit_callbacks(execute=False):
        for d in docs:
            Document.objects.filter(pk=d.pk).update(title=f"Quizzical {d.pk}")
        sync.changed_keys([d.key for d in docs])  # what import_items calls
        assert list(PendingChange.objects.values_list("document_id", flat=True)) == [REBUILD]
    sync.catch_up()
    assert len(ids("quizzical")) == 3 and not PendingChange.objects.exists()
