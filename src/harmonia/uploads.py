"""Files sent through the web app: size limit, allowed kinds, and a check that the
bytes are what the name and the browser's content type say, before anything reads
them. Accepted files go to a temporary file of their own and are deleted after use."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

# suffix -> (content types browsers send for it, leading bytes it must have)
KINDS: dict[str, tuple[set[str], bytes | None]] = {
    ".csv": ({"text/csv", "text/plain", "application/vnd.ms-excel", "application/csv"}, None),
    ".xlsx": (
        {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/octet-stream",
            "application/zip",
        },
        b"PK\x03\x04",
    ),
}


class UploadError(ValueError):
    pass


def check(upload: UploadedFile, kinds: dict[str, tuple[set[str], bytes | None]] = KINDS) -> str:
    """The suffix of an acceptable upload; UploadError says what is wrong."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in kinds:
        raise UploadError(
            gettext("%(name)s: send a %(values)s file")
            % {"name": name, "values": " or ".join(kinds)}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise UploadError(
            gettext("%(name)s: larger than %(value)s MiB") % {"name": name, "value": limit // 2**20}
        )
    types, magic = kinds[suffix]
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared and declared not in types:
        raise UploadError(
            gettext("%(name)s: sent as %(declared)s, which is not a %(suffix)s file")
            % {"name": name, "declared": declared, "suffix": suffix}
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise UploadError(
            gettext("%(name)s: the content is not a %(suffix)s file")
            % {"name": name, "suffix": suffix}
        )
    if magic is None and (b"\x00" in head or head.startswith(b"PK\x03\x04")):
        raise UploadError(gettext("%(name)s: the content is not text") % {"name": name})
    return suffix


@contextlib.contextmanager
def saved(upload: UploadedFile, suffix: str) -> Iterator[Path]:
    """The upload as a temporary file named like the original (messages cite it)."""
    with tempfile.TemporaryDirectory(prefix="harmonia-upload-") as folder:
        safe = "".join(c for c in Path(upload.name or "upload").stem if c.isalnum() or c in "-_.")
        path = Path(folder) / f"{safe[:80] or 'upload'}{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path
