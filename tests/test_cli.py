"""The `harmonia` command, run as a user runs it: a separate process, its own database."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .catalogue.samples import ISO_BASE, write_dir, write_tar

COMMANDS = [
    [], ["migrate"], ["import"], ["import", "relaton"], ["import", "jsonl"], ["import", "ics"],
    ["import", "bodies"], ["export"], ["demo"], ["serve"], ["createuser"], ["stats"],
    ["id"], ["id", "parse"], ["id", "urn"], ["import", "national"], ["import", "survey"],
    ["analyze"], ["analyze", "harmonization"], ["analyze", "coverage"], ["analyze", "outdated"],
    ["analyze", "gaps"], ["analyze", "matrix"], ["analyze", "uptake"], ["propose"],
    ["import", "committees"], ["ballot"], ["ballot", "evaluate"], ["ballot", "pending"],
    ["comments"], ["comments", "list"], ["comments", "import"], ["comments", "export"],
    ["training"], ["training", "remind"], ["worker"], ["alerts"], ["alerts", "scan"],
    ["alerts", "follow-list"], ["alerts", "status"], ["backup"], ["restore"],
]  # fmt: skip


def harmonia(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["HARMONIA_VAR"] = str(tmp_path / "var")
    return subprocess.run(
        [sys.executable, "-m", "harmonia.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(autouse=True)
def _migrated(request, tmp_path, migrated_sqlite):
    """The commands run on the database a user's first command leaves (migrated once
    for the session, copied); tests marked first_run start from an empty var/."""
    if request.node.get_closest_marker("first_run") is None:
        migrated_sqlite(tmp_path / "var")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "(none)")
def test_help_on_every_command(tmp_path, command):
    result = harmonia(tmp_path, *command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


@pytest.mark.first_run
def test_import_export_cycle(tmp_path):
    assert not (tmp_path / "var").exists()
    path = write_dir(tmp_path / "records")
    result = harmonia(tmp_path, "import", "relaton", str(path))
    assert result.returncode == 0, result.stderr
    assert "5 created" in " ".join(result.stdout.split())
    assert "by publisher: ISO 3, IEC 1, JISC 1" in " ".join(result.stdout.split())
    out = tmp_path / "all.jsonl"
    assert harmonia(tmp_path, "export", "jsonl", str(out)).returncode == 0
    assert len(out.read_text().splitlines()) == 5
    again = harmonia(tmp_path, "import", "relaton", str(path))
    assert "5 unchanged" in " ".join(again.stdout.split())


def test_failure_is_one_line_and_exit_code_1(tmp_path):
    bad = write_dir(tmp_path / "bad", {"ok.yaml": ISO_BASE, "broken.yaml": "docid: 5\ntitle: x\n"})
    result = harmonia(tmp_path, "import", "relaton", str(bad))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    message = " ".join(result.stderr.split())
    assert lines[0].startswith("error:") and "Traceback" not in result.stderr
    assert "broken.yaml: docid[0]: expected a mapping" in message
    assert "nothing was imported" in message
    report = next((tmp_path / "var").glob("import-errors-*.txt"))
    assert "broken.yaml" in report.read_text()
    db = sqlite3.connect(tmp_path / "var" / "harmonia.sqlite3")
    assert db.execute("select count(*) from catalogue_document").fetchone() == (0,)


def test_keep_going_writes_an_error_report(tmp_path):
    bad = write_dir(tmp_path / "bad", {"ok.yaml": ISO_BASE, "broken.yaml": "docid: 5\ntitle: x\n"})
    report = tmp_path / "errors.txt"
    result = harmonia(
        tmp_path, "import", "relaton", "--keep-going", "--errors", str(report), str(bad)
    )
    assert result.returncode == 0
    assert "1 created" in " ".join(result.stdout.split())
    assert report.read_text().startswith(str(bad / "broken.yaml"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "relaton", "/no/such/path"], "/no/such/path: no such file or directory"),
        (["export", "pdf", "x"], "format: 'pdf' is not one of"),
    ],
)
def test_bad_arguments(tmp_path, args, message):
    result = harmonia(tmp_path, *args)
    assert result.returncode == 1
    assert message in " ".join(result.stderr.split())


def test_empty_archive(tmp_path):
    empty = write_tar(tmp_path / "empty.tar.xz", {})
    result = harmonia(tmp_path, "import", "relaton", str(empty))
    assert result.returncode == 1
    assert "archive holds no .yaml/.yml files; nothing was imported" in " ".join(
        result.stderr.split()
    )


def test_bad_database_url(tmp_path):
    env = dict(os.environ, DATABASE_URL="mysql://nobody@localhost/x", HARMONIA_VAR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "harmonia.cli", "stats"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "unsupported scheme 'mysql'" in result.stderr and "Traceback" not in result.stderr


def test_createuser(tmp_path):
    result = harmonia(
        tmp_path, "createuser", "admin", "--superuser", "--password-stdin", stdin="s3cret-pass\n"
    )
    assert result.returncode == 0, result.stderr
    again = harmonia(tmp_path, "createuser", "admin", "--password-stdin", stdin="s3cret-pass\n")
    assert again.returncode == 1 and "exists already" in again.stderr


def test_killed_import_leaves_the_database_as_it_was(tmp_path, shared):
    """SIGKILL while the import is writing: the transaction never commits."""
    small = write_dir(tmp_path / "small", {"iso.yaml": ISO_BASE})
    assert harmonia(tmp_path, "import", "relaton", str(small)).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["HARMONIA_VAR"] = str(tmp_path / "var")
    archive = shared / "relaton-data-jis.tar.xz"
    wal = tmp_path / "var" / "harmonia.sqlite3-wal"
    proc = subprocess.Popen(
        [sys.executable, "-m", "harmonia.cli", "import", "relaton", "--workers", "1", str(archive)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # The write-ahead log grows once rows are being written: that is when to kill.
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(tmp_path / "var" / "harmonia.sqlite3")
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert db.execute("select count(*) from catalogue_document").fetchone() == (1,)
    db.close()
    result = harmonia(tmp_path, "import", "relaton", str(archive))
    assert result.returncode == 0
    assert "21,327 created" in " ".join(result.stdout.split())


def test_id_commands(tmp_path):
    result = harmonia(tmp_path, "id", "parse", "ISO 105-B01:1994/AMD 1:1998")
    assert result.returncode == 0
    assert result.stdout.split("\t")[0] == "ISO 105-B01:1994/Amd 1:1998"
    urn = harmonia(tmp_path, "id", "urn", "urn:iso:std:iso-iec:13818:-1:ed-5:amd:2016:v3")
    assert urn.stdout.strip() == "ISO/IEC 13818-1/Amd 3:2016"
    bad = harmonia(tmp_path, "id", "parse", "--json", stdin="ISO 9001:2015\nnot an id\n")
    assert bad.returncode == 1 and '"canonical": "ISO 9001:2015"' in bad.stdout
    assert "not an identifier at position 0" in bad.stderr


MEMBERS = (
    "country,country_alpha2,acronym_2022,name_2022,iso_category_2018,iec_category_2018,"
    "iso_opendata_id,p_memberships_2026,o_memberships_2026,secretariats_2026,"
    "iso_tc_participations_2018,tc_rows_2022\n"
    "Viet Nam,VN,STAMEQ,Directorate for Standards Metrology and Quality,Member body,,,0,0,0,0,0\n"
)


def test_national_import_and_outdated_analysis(tmp_path):
    """The issue's acceptance path: TCVN ISO 14001:2010 is revised, TCVN ISO 9001:2015 at
    most amended, and both count as IDT adoptions."""
    import json

    import orjson

    from .adoptions.fixtures import ISO, record

    catalogue = tmp_path / "iso.jsonl"
    catalogue.write_bytes(b"\n".join(orjson.dumps(record(*r)) for r in ISO) + b"\n")
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS, "utf-8")
    national = tmp_path / "vn.csv"
    national.write_text(
        "identifier,title,status\n"
        "TCVN ISO 14001:2010,Hệ thống quản lý môi trường,current\n"
        "TCVN ISO 9001:2015,Hệ thống quản lý chất lượng – Các yêu cầu,current\n",
        "utf-8",
    )
    for args in (["import", "jsonl", str(catalogue)], ["import", "bodies", str(members)]):
        assert harmonia(tmp_path, *args).returncode == 0
    result = harmonia(tmp_path, "import", "national", "--body", "VN", str(national))
    assert result.returncode == 0, result.stderr
    assert "2 created" in " ".join(result.stdout.split())
    result = harmonia(tmp_path, "analyze", "outdated", "--body", "VN", "--json")
    assert result.returncode == 0, result.stderr
    items = {o["national"]: o for o in json.loads(result.stdout)}
    assert items["TCVN ISO 14001:2010"]["adopted"] == "ISO 14001:2004"
    assert items["TCVN ISO 14001:2010"]["current"] == "ISO 14001:2015"
    assert items["TCVN ISO 14001:2010"]["reason"] == "revised"
    assert items["TCVN ISO 14001:2010"]["since"] == "2015-09"
    assert items["TCVN ISO 9001:2015"]["reason"] == "amended"
    assert items["TCVN ISO 9001:2015"]["current"] == "ISO 9001:2015/Amd 1:2024"
    result = harmonia(tmp_path, "analyze", "harmonization", "--body", "STAMEQ", "--json")
    h = json.loads(result.stdout)
    assert (h["current"], h["adopting"], h["by_degree"]["IDT"]) == (2, 2, 2)


def test_national_import_error_names_the_line_and_writes_nothing(tmp_path):
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS, "utf-8")
    assert harmonia(tmp_path, "import", "bodies", str(members)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("identifier,title,year\nTCVN 1:2000,A,2000\nTCVN 2:2000,B,twenty\n", "utf-8")
    result = harmonia(tmp_path, "import", "national", "--body", "VN", str(bad))
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert message.startswith("error:") and "Traceback" not in result.stderr
    assert "bad.csv, line 3, column year: 'twenty' is not a year" in message
    assert "nothing was imported" in message
    db = sqlite3.connect(tmp_path / "var" / "harmonia.sqlite3")
    assert db.execute("select count(*) from catalogue_document").fetchone() == (0,)
    unknown = harmonia(tmp_path, "analyze", "outdated", "--body", "ZZ")
    assert unknown.returncode == 1 and "no body" in unknown.stderr


def test_ballot_evaluate_at_the_thresholds(tmp_path):
    import json

    # DIS: 10 of 15 P-members in favour is exactly two-thirds; 5 of 20 all votes
    # negative is exactly one-quarter: both on the approving side.
    args = ["ballot", "evaluate", "--type", "dis", "--p-approve", "10", "--p-disapprove", "5"]
    result = harmonia(tmp_path, *args, "--approve", "15", "--disapprove", "5", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["approved"] is True
    assert answer["explanation"] == (
        "approved: 10 of 15 P-members in favour = 66.7% ≥ 66.7% (needs two-thirds); "
        "5 of 20 votes negative = 25% ≤ 25%"
    )
    one_more = harmonia(tmp_path, *args, "--approve", "15", "--disapprove", "6", "--json")
    assert json.loads(one_more.stdout)["approved"] is False
    plain = harmonia(tmp_path, *args, "--approve", "15", "--disapprove", "6")
    assert plain.stdout.startswith("not approved: ") and "6 of 21 votes negative" in plain.stdout
    unknown = harmonia(tmp_path, "ballot", "evaluate", "--type", "xyz")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().startswith("error: type: 'xyz' is not a ballot type (np, cd")
    # Written as ISO writes it, in capitals: the same rule.
    capitals = [a if a != "dis" else "DIS" for a in args]
    upper = harmonia(tmp_path, *capitals, "--approve", "15", "--disapprove", "5", "--json")
    assert upper.returncode == 0, upper.stderr
    assert json.loads(upper.stdout) == answer
    impossible = harmonia(tmp_path, *args, "--approve", "3")
    assert impossible.returncode == 1 and "cannot be below p_approve" in impossible.stderr


def test_import_committees(tmp_path):
    from .committees.test_import import CSV

    good = tmp_path / "committees_2026-05-02.csv"
    good.write_text(CSV, encoding="utf-8")
    result = harmonia(tmp_path, "import", "committees", str(good))
    assert result.returncode == 0, result.stderr
    assert "committees: 3 as of 2026-05-02; 4 P- and 2 O-memberships" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("1979-01-01", "someday"), encoding="utf-8")
    refused = harmonia(tmp_path, "import", "committees", str(bad), "--as-of", "2026-06-01")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "error: bad.csv, line 2: creationDate: not a date: 'someday'; nothing was imported"
    )
    wrong_date = harmonia(tmp_path, "import", "committees", str(good), "--as-of", "May")
    assert wrong_date.returncode == 1 and "--as-of: 'May' is not a date" in wrong_date.stderr
    pending = harmonia(tmp_path, "ballot", "pending")
    assert pending.returncode == 0 and "0 ballot(s) now pending" in pending.stdout
    reminders = harmonia(tmp_path, "training", "remind", "--today", "2026-11-01")
    assert reminders.returncode == 0 and "0 reminder(s) sent" in reminders.stdout
    bad_day = harmonia(tmp_path, "training", "remind", "--today", "Monday")
    assert bad_day.returncode == 1 and "--today: 'Monday' is not a date" in bad_day.stderr


def test_a_malformed_setting_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("HARMONIA_BALLOT_WEEKS", "fdis=six")
    result = harmonia(tmp_path, "ballot", "evaluate", "--type", "dis")
    assert result.returncode == 1
    assert "HARMONIA_BALLOT_WEEKS: 'fdis=six' is not TYPE=WEEKS" in " ".join(result.stderr.split())
    monkeypatch.setenv("HARMONIA_BALLOT_WEEKS", "fdis=6")
    monkeypatch.setenv("HARMONIA_RATE_API", "lots")
    result = harmonia(tmp_path, "ballot", "evaluate", "--type", "dis")
    assert "HARMONIA_RATE_API: not a whole number: 'lots'" in " ".join(result.stderr.split())


def test_every_app_command_is_mounted_once_in_the_listed_order():
    """Each app's cli.py adds its commands; `harmonia --help` lists them as ORDER says,
    and a command an app adds without a place in ORDER fails here, not silently last."""
    from harmonia import cli

    names = [cli.command_name(info) for info in cli.app.registered_commands]
    assert names == list(cli.ORDER)
    groups = [info.name for info in cli.app.registered_groups]
    assert groups == list(cli.GROUPS)
    imports = next(g.typer_instance for g in cli.app.registered_groups if g.name == "import")
    assert [cli.command_name(i) for i in imports.registered_commands] == [
        "relaton", "jsonl", "ics", "bodies", "committees", "survey", "national",
    ]  # fmt: skip
