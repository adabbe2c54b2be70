"""The embedded set-up's shared cache: a SQLite file of its own that every process on
the machine reads and counts in (the two-process limit is in test_serving.py)."""

from __future__ import annotations

import time

import pytest

from harmonia.sharedcache import SharedFileCache


@pytest.fixture
def cache(tmp_path):
    return SharedFileCache(str(tmp_path / "shared.sqlite3"), {})


def test_values_come_back_as_they_went_in(cache):
    cache.set("n", 41)
    cache.set("d", {"a": [1, 2.5, "ba"]})
    assert cache.get("n") == 41 and cache.get("d") == {"a": [1, 2.5, "ba"]}
    assert cache.get("missing", "default") == "default"
    assert cache.incr("n") == 42 and cache.incr("n", 8) == 50
    with pytest.raises(ValueError):
        cache.incr("missing")
    with pytest.raises(TypeError):
        cache.incr("d")
    assert cache.delete("n") and not cache.delete("n")
    cache.clear()
    assert cache.get("d") is None


def test_add_takes_only_an_absent_or_expired_key(cache):
    assert cache.add("k", 1, timeout=60)
    assert not cache.add("k", 2, timeout=60)
    assert cache.get("k") == 1
    cache.set("old", 1, timeout=0.05)
    time.sleep(0.1)
    assert cache.get("old") is None and not cache.has_key("old")
    with pytest.raises(ValueError):
        cache.incr("old")
    assert cache.add("old", 7, timeout=60) and cache.get("old") == 7
    assert cache.touch("old", timeout=None) and cache.get("old") == 7


def test_two_connections_count_in_one_place(tmp_path):
    # Each instance holds its own connection, as each process does.
    one = SharedFileCache(str(tmp_path / "c.sqlite3"), {})
    two = SharedFileCache(str(tmp_path / "c.sqlite3"), {})
    assert one.add("hits", 1, timeout=60) and not two.add("hits", 1, timeout=60)
    assert two.incr("hits") == 2 and one.incr("hits") == 3


def test_the_cache_and_run_files_are_not_backed_up(settings, tmp_path):
    from harmonia.operations.backup import var_files

    settings.VAR_DIR = tmp_path
    SharedFileCache("", {}).set("k", 1)
    (tmp_path / "run" / "metrics-1").mkdir(parents=True)
    (tmp_path / "run" / "metrics-1" / "counter_1.db").write_bytes(b"x")
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "draft.docx").write_bytes(b"x")
    assert (tmp_path / "cache" / "shared.sqlite3").exists()
    assert [p.as_posix() for p in var_files()] == ["uploads/draft.docx"]


def test_a_counter_counts_in_one_statement_and_starts_again_when_it_lapses(cache):
    assert [cache.count("hits", 60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("hits") == 3
    assert cache.count("short", 0.05) == 1
    time.sleep(0.1)
    assert cache.count("short", 60) == 1 and cache.count("short", 60) == 2
