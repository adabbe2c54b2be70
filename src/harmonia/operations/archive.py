"""The backup file: one uncompressed tar of gzip'd members and a manifest.

    manifest.json            what the file is and holds (written last)
    tables/<table>.jsonl.gz  one table: a header line, then one JSON array per row
    files/<path>             a file of var/ that cannot be rebuilt (sent mail, reports)

The manifest names the format, the Harmonia version, the engine it was made on, the
migrations applied, the rows of each table and the sha256 of every other member, so a
truncated, altered or foreign file is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "harmonia-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class BadBackup(Exception):
    """The file is not a Harmonia backup, or not whole: the reason in one line."""


@dataclass
class Manifest:
    harmonia_version: str
    created: str  # ISO 8601, UTC
    engine: str  # "sqlite" or "postgresql"
    migrations: list[tuple[str, str]]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)  # table: model, rows, member
    files: list[str] = field(default_factory=list)  # paths under var/
    sha256: dict[str, str] = field(default_factory=dict)  # member: digest

    def to_json(self) -> bytes:
        data = {"format": FORMAT, "format_version": FORMAT_VERSION, **self.__dict__}
        data["migrations"] = [list(m) for m in self.migrations]
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @property
    def rows(self) -> int:
        return sum(int(t["rows"]) for t in self.tables.values())


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def safe_member_path(name: str) -> PurePosixPath:
    """A member's path under files/, refused if it could land outside var/."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BadBackup(f"unsafe path in the backup: {name!r}")
    return path


def read_manifest(path: Path) -> tuple[tarfile.TarFile, Manifest]:
    """Open a backup and check it whole: its manifest, and every member's sha256
    against it. Returns the open tar (the caller closes it) and the manifest."""
    if not path.is_file():
        raise BadBackup(f"{path}: no such file")
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 (returned open, the caller closes it)
    except (tarfile.TarError, OSError) as exc:
        raise BadBackup(f"{path}: not a Harmonia backup (not a tar file: {exc})") from None
    try:
        manifest = _manifest(tar, path)
        _check_members(tar, manifest, path)
    except BaseException:
        tar.close()
        raise
    return tar, manifest


def _manifest(tar: tarfile.TarFile, path: Path) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
        raw = tar.extractfile(member)
        data = json.loads(raw.read().decode("utf-8")) if raw else None
    except KeyError:
        raise BadBackup(f"{path}: not a Harmonia backup, or truncated (no {MANIFEST})") from None
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BadBackup(f"{path}: truncated or damaged ({exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadBackup(f"{path}: {MANIFEST} is damaged (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadBackup(f"{path}: not a Harmonia backup ({MANIFEST} names no Harmonia format)")
    if data.get("format_version") != FORMAT_VERSION:
        raise BadBackup(
            f"{path}: backup format {data.get('format_version')} is not known to this "
            f"version of Harmonia (it reads format {FORMAT_VERSION})"
        )
    try:
        return Manifest(
            harmonia_version=str(data["harmonia_version"]),
            created=str(data["created"]),
            engine=str(data["engine"]),
            migrations=[(str(a), str(n)) for a, n in data["migrations"]],
            tables=dict(data["tables"]),
            files=list(data["files"]),
            sha256=dict(data["sha256"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadBackup(f"{path}: {MANIFEST} is incomplete ({exc})") from None


def _check_members(tar: tarfile.TarFile, manifest: Manifest, path: Path) -> None:
    try:
        members = {m.name: m for m in tar.getmembers() if m.name != MANIFEST}
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BadBackup(f"{path}: truncated or damaged ({exc})") from None
    listed = set(manifest.sha256)
    if missing := sorted(listed - set(members)):
        raise BadBackup(f"{path}: truncated: {missing[0]} is missing")
    if extra := sorted(set(members) - listed):
        raise BadBackup(f"{path}: altered: {extra[0]} is not in the manifest")
    for name in sorted(listed):
        stream = tar.extractfile(members[name])
        try:
            digest = sha256_of(stream) if stream else ""
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BadBackup(f"{path}: truncated or damaged at {name} ({exc})") from None
        if digest != manifest.sha256[name]:
            raise BadBackup(f"{path}: altered or damaged: {name} does not match its checksum")
    for name in manifest.files:
        safe_member_path(name)
