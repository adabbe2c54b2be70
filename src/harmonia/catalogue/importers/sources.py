"""Read Relaton records from a directory, a single file or an archive, in place.

Every source yields (name, raw bytes) pairs; archives are read as streams, never
unpacked to disk. Problems with the container itself raise SourceError naming it.

Archives come from outside, so they are read within limits: a member name that
climbs out of the archive (`../`, an absolute path) refuses the archive; so does a
record larger than MAX_RECORD_BYTES, more than MAX_MEMBERS records, more than
MAX_TOTAL_BYTES unpacked, or a zip member packed more than MAX_RATIO times (a zip
bomb). Sizes are checked on the bytes actually read, not only on the headers.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from collections.abc import Iterator
from lzma import LZMAError as lzma_error
from pathlib import Path
from zlib import error as zlib_error

RECORD_SUFFIXES = (".yaml", ".yml")
TAR_SUFFIXES = (".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.bz2", ".tar")


# The real catalogues: 71k ISO records of a few kB each, the largest under 1 MB.
MAX_RECORD_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 1_000_000
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024
MAX_RATIO = 200


class SourceError(Exception):
    """A path that cannot be read as a source of records."""


def check_member_name(archive: Path, name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise SourceError(f"{archive}: unsafe member name {name!r} (outside the archive)")


class _Budget:
    """Counts what an archive unpacks to; refuses it past the limits."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self.members = 0
        self.total = 0

    def take(self, name: str, data: bytes) -> bytes:
        if len(data) > MAX_RECORD_BYTES:
            raise SourceError(
                f"{self.archive}:{name}: record larger than {MAX_RECORD_BYTES // 2**20} MiB"
            )
        self.members += 1
        self.total += len(data)
        if self.members > MAX_MEMBERS:
            raise SourceError(f"{self.archive}: more than {MAX_MEMBERS:,} records")
        if self.total > MAX_TOTAL_BYTES:
            raise SourceError(
                f"{self.archive}: unpacks to more than {MAX_TOTAL_BYTES // 2**30} GiB"
            )
        return data


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
        if path.stat().st_size > MAX_RECORD_BYTES:
            raise SourceError(f"{path}: larger than {MAX_RECORD_BYTES // 2**20} MiB for one record")
        yield str(path), path.read_bytes()


def check_ratio(archive: Path, info: zipfile.ZipInfo) -> None:
    """A member that unpacks to far more than it is packed is a zip bomb."""
    if info.file_size > MAX_RECORD_BYTES:
        raise SourceError(
            f"{archive}:{info.filename}: unpacks to {info.file_size:,} bytes "
            f"(more than {MAX_RECORD_BYTES // 2**20} MiB)"
        )
    if (
        info.compress_size
        and info.file_size > 1_000_000
        and info.file_size / info.compress_size > MAX_RATIO
    ):
        raise SourceError(
            f"{archive}:{info.filename}: packed {info.file_size // info.compress_size}:1 "
            "(a zip bomb?)"
        )


def _iter_tar(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    count = 0
    budget = _Budget(path)
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for member in archive:
                check_member_name(path, member.name)
                if not member.isfile() or not is_record_name(member.name, suffixes):
                    continue
                if member.size > MAX_RECORD_BYTES:
                    raise SourceError(
                        f"{path}:{member.name}: record larger than {MAX_RECORD_BYTES // 2**20} MiB"
                    )
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                count += 1
                data = budget.take(member.name, handle.read(MAX_RECORD_BYTES + 1))
                yield f"{path}:{member.name}", data
    except (tarfile.TarError, EOFError, OSError, zlib_error, lzma_error) as exc:
        raise SourceError(f"{path}: not a readable archive ({exc})") from exc
    if count == 0:
        raise SourceError(f"{path}: archive holds no {'/'.join(suffixes)} files")


def _iter_zip(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    count = 0
    budget = _Budget(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise SourceError(f"{path}: more than {MAX_MEMBERS:,} members")
            for info in sorted(infos, key=lambda i: i.filename):
                check_member_name(path, info.filename)
                if info.is_dir() or not is_record_name(info.filename, suffixes):
                    continue
                check_ratio(path, info)
                count += 1
                with archive.open(info) as handle:
                    data = budget.take(info.filename, handle.read(MAX_RECORD_BYTES + 1))
                yield f"{path}:{info.filename}", data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib_error) as exc:
        raise SourceError(f"{path}: not a readable archive ({exc})") from exc
    if count == 0:
        raise SourceError(f"{path}: archive holds no {'/'.join(suffixes)} files")
