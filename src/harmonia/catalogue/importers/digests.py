"""The content hash of every record of an archive imported before, kept beside the
database under var/cache/imports/ and named by the archive's own SHA-256.

Importing an archive again is mostly reading it: decompressing 320 MB of ISO records and
walking 71,000 tar headers takes seconds, while the database already knows every
record's hash. With the list kept, an archive whose bytes have not changed is checked
against the database without being opened (`loading.import_items(known=...)`); when
anything differs the archive is read as usual. The lists are a function of the archive's
bytes alone, so they are never stale; they are left out of backups (var/cache) and may
be deleted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import orjson

from .sources import TAR_SUFFIXES


def _is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith((*TAR_SUFFIXES, ".zip"))


def _list_of(path: Path) -> Path:
    from django.conf import settings

    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            sha.update(block)
    return Path(settings.VAR_DIR) / "cache" / "imports" / f"{sha.hexdigest()}.json"


class ArchiveLists:
    """The kept lists of the archives of one import; each archive is hashed once, when
    the import starts, for both looking its list up and keeping it."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = list(paths)
        self.lists = {path: _list_of(path) for path in self.paths if _is_archive(path)}

    def known(self) -> list[tuple[str, str]] | None:
        """(record name, content hash) of every record, named as the sources name them,
        when every path is an archive whose list is kept; else None."""
        if len(self.lists) != len(self.paths):
            return None
        out: list[tuple[str, str]] = []
        for path, kept in self.lists.items():
            try:
                pairs = orjson.loads(kept.read_bytes())
            except (OSError, orjson.JSONDecodeError):
                return None
            out += [(f"{path}:{member}", digest) for member, digest in pairs]
        return out

    def keep(self, read: Iterable[tuple[str, str]]) -> None:
        """Keep each archive's list from the (name, hash) pairs the import read from it."""
        read = list(read)
        for path, target in self.lists.items():
            if target.exists():
                continue  # named by the archive's hash: what it holds cannot differ
            prefix = f"{path}:"
            pairs = [(name[len(prefix) :], d) for name, d in read if name.startswith(prefix)]
            if not pairs:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_suffix(f".{os.getpid()}.part")
            part.write_bytes(orjson.dumps(pairs))
            part.replace(target)
