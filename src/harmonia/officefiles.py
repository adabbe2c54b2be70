"""Office files (.xlsx, .docx) are zip archives: before openpyxl or python-docx opens
one, refuse a file that is not a zip or that unpacks to far too much (a zip bomb)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_UNPACKED = 512 * 1024 * 1024
MAX_PARTS = 10_000
MAX_RATIO = 200


def zip_problem(path: Path, kind: str = "Excel") -> str | None:
    """What is wrong with `path` as an office file, naming it; None when it may be opened."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"{path}: not a readable {kind} file ({exc})"
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    bomb = unpacked > 10 * 2**20 and unpacked / packed > MAX_RATIO
    if len(infos) > MAX_PARTS or unpacked > MAX_UNPACKED or bomb:
        return f"{path}: unpacks to {unpacked:,} bytes in {len(infos):,} parts (a zip bomb?)"
    return None
