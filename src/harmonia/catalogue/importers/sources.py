"""Read Relaton records from a directory, a single file or an archive, in place.

Every source yields (name, raw bytes) pairs; archives are read as streams, never
unpacked to disk. Problems with the container itself raise SourceError naming it.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

RECORD_SUFFIXES = (".yaml", ".yml")
TAR_SUFFIXES = (".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.bz2", ".tar")


class SourceError(Exception):
    """A path that cannot be read as a source of records."""


def is_record_name(name: str, suffixes: tuple[str, ...] = RECORD_SUFFIXES) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(suffixes) and not base.startswith(".")


def iter_path(
    path: Path, suffixes: tuple[str, ...] = RECORD_SUFFIXES
) -> Iterator[tuple[str, bytes]]:
    """Yield (name, bytes) of every record under `path`, in a stable order."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or directory")
    if path.is_dir():
        found = False
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if is_record_name(name, suffixes):
                    found = True
                    full = Path(root) / name
                    yield str(full), full.read_bytes()
        if not found:
            raise SourceError(f"{path}: directory holds no {'/'.join(suffixes)} files")
        return
    lower = path.name.lower()
    if lower.endswith(TAR_SUFFIXES):
        yield from _iter_tar(path, suffixes)
    elif lower.endswith(".zip"):
        yield from _iter_zip(path, suffixes)
    else:
        yield str(path), path.read_bytes()


def _iter_tar(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    count = 0
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for member in archive:
                if not member.isfile() or not is_record_name(member.name, suffixes):
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                count += 1
                yield f"{path}:{member.name}", handle.read()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SourceError(f"{path}: not a readable archive ({exc})") from exc
    if count == 0:
        raise SourceError(f"{path}: archive holds no {'/'.join(suffixes)} files")


def _iter_zip(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    count = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or not is_record_name(info.filename, suffixes):
                    continue
                count += 1
                yield f"{path}:{info.filename}", archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SourceError(f"{path}: not a readable archive ({exc})") from exc
    if count == 0:
        raise SourceError(f"{path}: archive holds no {'/'.join(suffixes)} files")
