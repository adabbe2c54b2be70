"""Hostile and broken files given to every import: each is refused with a message that
names the file, and the database is exactly as it was."""

from __future__ import annotations

import contextlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from harmonia.accounts.models import AuditEvent
from harmonia.adoptions.models import Adoption
from harmonia.adoptions.national import template_xlsx
from harmonia.catalogue.importers.yamlparse import YamlError, parse_document
from harmonia.catalogue.models import Document, ImportRun, SourceRecord
from harmonia.cli import app
from tests.adoptions.conftest import international, national  # noqa: F401

pytestmark = pytest.mark.django_db

GOOD_RECORD = b"""id: ISO9001-2015
docid:
- id: ISO 9001:2015
  type: ISO
  primary: true
title:
- content: Quality management systems
  language: en
  type: main
"""


def billion_laughs() -> bytes:
    lines = [b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghij":
        refs = ",".join(["*" + prev] * 9)
        lines.append(f"{name}: &{name} [{refs}]".encode())
        prev = name
    return b"\n".join(lines) + b"\n"


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def tarred(path: Path, members: dict[str, bytes], symlink: str | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if symlink:
            info = tarfile.TarInfo(symlink)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            archive.addfile(info)
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# name -> (make the file in a folder, what the refusal must say)
RELATON_CASES = {
    "billion laughs": (lambda d: write(d / "lol.yaml", billion_laughs()), "alias bomb"),
    "recursive alias": (lambda d: write(d / "r.yaml", b"a: &x [*x]\n"), "refers to itself"),
    "deep nesting": (
        lambda d: write(d / "deep.yaml", b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n"),
        "nesting depth",
    ),
    "invalid UTF-8": (lambda d: write(d / "u.yaml", GOOD_RECORD + b"x: \xff\xfe\n"), "UTF-8"),
    "NUL bytes": (lambda d: write(d / "n.yaml", GOOD_RECORD + b"\x00"), "NUL"),
    "truncated": (lambda d: write(d / "t.yaml", GOOD_RECORD[:60] + b'"unclosed'), "t.yaml"),
    "empty": (lambda d: write(d / "e.yaml", b""), "empty"),
    "not a mapping": (lambda d: write(d / "l.yaml", b"- 1\n- 2\n"), "l.yaml"),
    "zip path traversal": (
        lambda d: zipped(d / "evil.zip", {"../../etc/cron.d/x.yaml": GOOD_RECORD}),
        "unsafe member name",
    ),
    "zip absolute path": (
        lambda d: zipped(d / "abs.zip", {"/etc/x.yaml": GOOD_RECORD}),
        "unsafe member name",
    ),
    "zip bomb": (
        lambda d: zipped(d / "bomb.zip", {"a.yaml": GOOD_RECORD, "b.yaml": b"\0" * 20_000_000}),
        "unpacks to",
    ),
    "tar path traversal": (
        lambda d: tarred(d / "evil.tar.gz", {"../x.yaml": GOOD_RECORD}),
        "unsafe member name",
    ),
    "tar oversized member": (
        lambda d: tarred(d / "big.tar.gz", {"big.yaml": b" " * (17 * 2**20)}),
        "larger than 16 MiB",
    ),
    "tar symlink only": (
        lambda d: tarred(d / "link.tar.gz", {}, symlink="passwd.yaml"),
        "holds no",
    ),
    "truncated archive": (
        lambda d: write(
            d / "cut.tar.gz",
            tarred(
                d / "whole.tar.gz", {f"{i}.yaml": GOOD_RECORD * 50 for i in range(40)}
            ).read_bytes()[:700],
        ),
        "not a readable archive",
    ),
    "not an archive": (lambda d: write(d / "fake.zip", b"this is not a zip"), "not a readable"),
    "oversized file": (lambda d: write(d / "huge.yaml", b" " * (17 * 2**20)), "larger than"),
}


def snapshot() -> tuple[int, ...]:
    return (
        Document.objects.count(),
        SourceRecord.objects.count(),
        ImportRun.objects.count(),
        Adoption.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("case", sorted(RELATON_CASES))
def test_hostile_relaton_imports_are_refused_and_change_nothing(case, tmp_path):
    make, message = RELATON_CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    target = make(folder)
    # A good record beside the bad one: it must not be imported either.
    good = write(tmp_path / "good.yaml", GOOD_RECORD)
    before = snapshot()
    result = CliRunner().invoke(
        app, ["import", "relaton", str(good), str(target), "--workers", "1"]
    )
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert message in flat, flat
    assert target.name in flat
    assert "Traceback" not in result.output
    assert snapshot() == before


def nat(d: Path, name: str, data: bytes) -> Path:
    return write(d / name, data)


def xlsx_bomb(d: Path) -> Path:
    sheet = b"<worksheet>" + b" " * 60_000_000 + b"</worksheet>"
    return zipped(
        d / "bomb.xlsx", {"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": sheet}
    )


NATIONAL_CASES = {
    "NUL in CSV": (
        lambda d: nat(d, "n.csv", b"identifier,title\nTCVN 1:2000,a\x00b\n"),
        "n.csv, line 2: a NUL character",
    ),
    "field over the csv limit": (
        lambda d: nat(d, "f.csv", b'identifier,title\nTCVN 1:2000,"' + b"x" * 200_000 + b'"\n'),
        "field larger than field limit",
    ),
    "invalid UTF-8": (
        lambda d: nat(d, "u.csv", b"identifier,title\nTCVN 1,\xc3\x28\n"),
        "not UTF-8",
    ),
    "xlsx that is not a zip": (
        lambda d: nat(d, "x.xlsx", b"identifier,title\n"),
        "not a readable Excel",
    ),
    "truncated xlsx": (
        lambda d: nat(d, "cut.xlsx", template_xlsx()[:3000]),
        "not a readable Excel",
    ),
    "xlsx zip bomb": (xlsx_bomb, "zip bomb"),
    "unknown column": (
        lambda d: nat(d, "c.csv", b"identifier,title,evil\nTCVN 1,a,b\n"),
        "unknown column",
    ),
    "deep JSON": (
        lambda d: nat(d, "eu.json", b'{"standards": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        "eu.json",
    ),
    "YAML bomb": (lambda d: nat(d, "nat.yaml", billion_laughs()), "alias bomb"),
    "a file of another kind": (lambda d: nat(d, "x.pdf", b"%PDF-1.4"), "not a CSV, Excel"),
}


@pytest.mark.parametrize("case", sorted(NATIONAL_CASES))
def test_hostile_national_imports_are_refused_and_change_nothing(case, tmp_path, national):  # noqa: F811
    make, message = NATIONAL_CASES[case]
    target = make(tmp_path)
    before = snapshot()
    result = CliRunner().invoke(
        app, ["import", "national", str(target), "--body", "STAMEQ", "--no-propose"]
    )
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert message in flat, flat
    assert "Traceback" not in result.output
    assert snapshot() == before


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_break_the_yaml_reader(data):
    with contextlib.suppress(YamlError):
        parse_document(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_breaks_the_yaml_reader(text):
    with contextlib.suppress(YamlError):
        parse_document(text.encode("utf-8"))


def test_exports_defuse_formulas(tmp_path):
    from harmonia import spreadsheets

    hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "ok"]
    text = spreadsheets.csv_text(["title"], [[h] for h in hostile])
    cells = text.lstrip("\ufeff").splitlines()[1:]
    assert all(c.lstrip('"').startswith("'") for c in cells[:5]) and cells[5] == "ok"

    import openpyxl

    book = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.xlsx_bytes(["title"], [[h] for h in hostile]))
    )
    values = [(c.value, c.data_type) for (c,) in book.active.iter_rows(min_row=2)]
    assert all(kind == "s" for _, kind in values)  # text, never a formula
    assert values[0][0] == hostile[0]


def test_xlsx_export_drops_control_characters_xml_cannot_hold():
    from harmonia import spreadsheets

    data = spreadsheets.xlsx_bytes(["t"], [["a\x00b\x1fc"]], heading="search: \x07x")
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for (c,) in sheet.iter_rows()] == ["search: x", "t", "abc"]
