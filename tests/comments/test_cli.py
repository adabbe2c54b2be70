"""`harmonia comments list|import|export`: the template files from the command line,
with the same permissions as the web (--as) and errors naming the row."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from harmonia.cli import app
from harmonia.comments import services

from .conftest import fill

pytestmark = pytest.mark.django_db


def test_export_then_import_on_the_command_line(setup, draft, tmp_path):
    fill(draft, setup.experts[0], n=12)
    runner = CliRunner()
    listed = runner.invoke(app, ["comments", "list"])
    assert listed.exit_code == 0 and f"{draft.pk}\tSTAMEQ\tISO/DIS 9001\topen\t12" in listed.output
    path = tmp_path / "vn.xlsx"
    done = runner.invoke(app, ["comments", "export", str(path), "--set", str(draft.pk)])
    assert done.exit_code == 0, done.output
    other = services.open_set(
        setup.secretary, body=setup.body, committee=setup.committee, reference="B", title="t"
    )
    args = ["comments", "import", str(path), "--set", str(other.pk)]
    refused = runner.invoke(app, ["--as", setup.observer.username, *args])
    assert refused.exit_code == 1 and "not open to your comments" in refused.output
    assert other.comments.count() == 0
    got = runner.invoke(app, ["--as", setup.experts[1].username, *args])
    assert got.exit_code == 0, got.output
    assert "12 comments imported into B" in got.output
    assert other.comments.count() == 12
    assert set(other.comments.values_list("author", flat=True)) == {setup.experts[1].pk}


def test_command_line_errors_are_one_line(setup, draft, tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"no zip")
    result = runner.invoke(app, ["comments", "import", str(bad), "--set", str(draft.pk)])
    assert result.exit_code == 1 and "bad.docx: not a readable Word file" in result.output
    result = runner.invoke(app, ["comments", "import", str(bad), "--set", "999"])
    assert result.exit_code == 1 and "--set: no draft under comment 999" in result.output
    txt = tmp_path / "out.txt"
    result = runner.invoke(app, ["comments", "export", str(txt), "--set", str(draft.pk)])
    assert result.exit_code == 1 and "must end in .docx or .xlsx" in result.output
    result = runner.invoke(
        app, ["--as", "nobody", "comments", "export", str(tmp_path / "x.docx"), "--set", "1"]
    )
    assert result.exit_code == 1
