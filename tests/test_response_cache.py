"""Public answers kept under the change generation: served again without a query,
answered 304 when the reader has them, never kept for a signed-in person, and changed
on the very next request after a committed write.

These tests commit (transactional_db): a write left pending in a test's transaction is
seen by no other process, and the cache rightly keeps nothing while one is pending.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from harmonia import generation
from harmonia.catalogue.models import Document

from .alerts.records import import_dir, record, write

# serialized_rollback: the seeded rules (roles, stage codes) come back after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')


def _import(path, title: str) -> None:
    import_dir(write(path, record("ISO 9999:2015", "2015-03-01", title=title)))


@pytest.fixture
def document(tmp_path):
    _import(tmp_path / "first", "Test things")
    return Document.objects.get(identifier="ISO 9999:2015")


def _without_tokens(content: bytes) -> bytes:
    return CSRF.sub(b"TOKEN", content)


def test_a_public_page_is_answered_again_without_a_query(
    client, document, django_assert_num_queries
):
    first = client.get(f"/documents/{document.key}/")
    assert first.status_code == 200
    # It holds forms (the language switch): a shared proxy must not keep their tokens.
    assert first["Cache-Control"] == "private, no-cache" and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(f"/documents/{document.key}/")
    assert again.status_code == 200 and again["ETag"] == first["ETag"]
    # The same page, its forms' CSRF tokens drawn afresh for the reader.
    assert _without_tokens(again.content) == _without_tokens(first.content)
    assert CSRF.search(again.content)
    not_modified = client.get(f"/documents/{document.key}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not not_modified.content


def test_a_committed_write_shows_on_the_next_request(client, document, tmp_path):
    before = client.get(f"/api/v1/documents/{document.identifier}")
    assert before.json()["title"] == "Test things"
    assert before["Cache-Control"] == "public, no-cache"
    _import(tmp_path / "again", "Changed things")
    after = client.get(f"/api/v1/documents/{document.identifier}")
    assert after.json()["title"] == "Changed things"
    assert after["ETag"] != before["ETag"]
    # An ETag of the old generation is not answered 304.
    assert (
        client.get(
            f"/api/v1/documents/{document.identifier}", HTTP_IF_NONE_MATCH=before["ETag"]
        ).status_code
        == 200
    )


def test_the_languages_are_kept_apart(client, document):
    english = client.get("/documents/", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/documents/", HTTP_ACCEPT_LANGUAGE="vi")
    assert english["ETag"] != vietnamese["ETag"]
    assert (
        client.get("/documents/", HTTP_ACCEPT_LANGUAGE="vi").content.decode().count('lang="vi"')
        == vietnamese.content.decode().count('lang="vi"')
        > 0
    )


def test_a_signed_in_reader_never_gets_the_kept_page(client, document):
    client.get(f"/documents/{document.key}/")
    person = get_user_model().objects.create_user("lan", "lan@example.org", "a-long-password-1")
    client.force_login(person)
    page = client.get(f"/documents/{document.key}/")
    assert "lan" in page.content.decode() and "Sign out" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store" and not page.has_header("ETag")


def test_answers_are_the_same_with_and_without_the_cache(client, document, settings):
    paths = [
        "/api/v1/documents",
        f"/api/v1/documents/{document.identifier}",
        "/api/v1/search?q=things",
        "/documents/",
        f"/documents/{document.key}/",
        "/search/?q=things",
        "/search/export.csv?q=things",
    ]
    for path in paths:  # the first search catches the index up: a write of its own
        client.get(path)
    kept = [(client.get(p), client.get(p)) for p in paths]
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("ResponseCacheMiddleware")
    ]
    for path, (first, again) in zip(paths, kept, strict=True):
        assert again["ETag"] == first["ETag"], path  # the second answered from the cache
        fresh = client.get(path)
        assert fresh.status_code == again.status_code == 200, path
        assert _without_tokens(again.content) == _without_tokens(fresh.content), path


def test_nothing_is_kept_while_a_write_is_pending(client, document):
    from django.db import transaction

    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(title="Not yet")
        assert generation.pending()
        inside = client.get(f"/api/v1/documents/{document.identifier}")
        assert inside.json()["title"] == "Not yet" and not inside.has_header("ETag")
        transaction.set_rollback(True)
    assert not generation.pending()
    assert client.get(f"/api/v1/documents/{document.identifier}").json()["title"] == "Test things"


def test_the_generation_moves_on_once_per_committed_write_to_a_shown_table(document):
    from django.db import transaction

    from harmonia.alerts.models import Job

    start = generation.current()
    Job.objects.create(name="alerts.sweep")  # the queue's bookkeeping: no page shows it
    assert generation.current() == start
    Document.objects.filter(pk=document.pk).update(title="Autocommit")
    assert generation.current() == start + 1
    with transaction.atomic():
        for n in range(50):
            Document.objects.filter(pk=document.pk).update(title=f"Write {n}")
        assert generation.current() == start + 1  # not before the commit
    assert generation.current() == start + 2  # once for the run of writes
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(title="Rolled back")
        transaction.set_rollback(True)
    assert generation.current() == start + 2
