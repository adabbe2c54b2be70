"""Harmonia's native jsonl (one record a line), plain or compressed (.xz, .gz)."""

from __future__ import annotations

import gzip
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ..records import validate_record
from .relaton import RecordError
from .sources import SourceError


def open_text(path: Path) -> IO[bytes]:
    name = path.name.lower()
    if name.endswith(".xz"):
        return lzma.open(path, "rb")
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def iter_lines(path: Path) -> Iterator[tuple[str, bytes]]:
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    count = 0
    try:
        with open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    count += 1
                    yield f"{path}, line {number}", line
    except (lzma.LZMAError, gzip.BadGzipFile, EOFError, OSError) as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from None
    if count == 0:
        raise SourceError(f"{path}: holds no records")


def parse_jsonl(name: str, data: bytes) -> dict[str, Any]:
    try:
        record = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise RecordError(name, "(json)", str(exc)) from None
    return validate_record(record, name)
