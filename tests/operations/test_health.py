"""/healthz, /readyz and the scheduled backups' retention."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from django.utils import timezone

from harmonia.operations.schedule import Found, backups, to_keep


def test_healthz_answers_without_the_database(client):
    # No django_db mark: pytest-django refuses this test any database access.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_lists_every_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "migrations", "queue", "search", "backup"}
    assert body["checks"]["migrations"]["pending"] == 0
    assert body["checks"]["backup"] == {"ok": True, "scheduled": False}


@pytest.mark.django_db
def test_readyz_names_a_search_index_left_behind(client):
    from harmonia.search.models import PendingChange

    change = PendingChange.objects.create(document_id=1)
    PendingChange.objects.filter(pk=change.pk).update(
        created=timezone.now() - dt.timedelta(hours=1)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["search"]
    assert response.json()["checks"]["search"]["lag_seconds"] >= 3600


@pytest.mark.django_db
def test_readyz_names_a_missing_or_old_scheduled_backup(client, settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path)
    assert client.get("/readyz").json()["failing"] == ["backup"]
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=30)
    (tmp_path / f"harmonia-backup-{old:%Y%m%dT%H%M%S}000000Z-daily.tar").write_bytes(b"")
    (tmp_path / f"harmonia-backup-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}Z.tar.part").touch()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["backup"]["age_hours"] >= 30
    fresh = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    (tmp_path / f"harmonia-backup-{fresh:%Y%m%dT%H%M%S}000000Z-daily.tar").write_bytes(b"")
    response = client.get("/readyz")
    assert response.status_code == 200, response.content


PROBE = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
django.setup()
import json
from django.test import Client
client = Client()
ready, health = client.get("/readyz"), client.get("/healthz")
print(json.dumps([ready.status_code, ready.json(), health.status_code]))
"""


def test_readyz_says_503_when_the_database_is_gone(tmp_path):
    """A database file that is no database (a disk fault, a wrong file): /readyz names
    what fails, and /healthz still answers."""
    var = tmp_path / "var"
    var.mkdir()
    (var / "harmonia.sqlite3").write_bytes(b"this is not a database" * 100)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(HARMONIA_VAR=str(var), HARMONIA_ALLOWED_HOSTS="testserver")
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    status, body, health = json.loads(run.stdout.strip().splitlines()[-1])
    assert (status, health) == (503, 200)
    assert "database" in body["failing"] and "not a database" in body["checks"]["database"]["error"]


def found(days_ago, now=dt.datetime(2026, 12, 7, 3, tzinfo=dt.UTC)):
    made = now - dt.timedelta(days=days_ago)
    return Found(path=f"{days_ago}.tar", made=made, label="daily")


def test_retention_keeps_7_daily_4_weekly_12_monthly():
    history = [found(d) for d in range(0, 500)]  # a backup every day for 500 days
    keep = to_keep(history)
    assert {found(d).path for d in range(7)} <= keep  # the last 7 days
    kept_days = sorted(int(p.split(".")[0]) for p in keep)
    weeks = {found(d).made.isocalendar()[:2] for d in kept_days}
    months = {(found(d).made.year, found(d).made.month) for d in kept_days}
    assert len(months) == 12 and len(weeks) >= 4
    assert len(keep) <= 7 + 4 + 12 and max(kept_days) < 370


def test_only_whole_backups_count(tmp_path):
    (tmp_path / "harmonia-backup-20261201T010203000001Z-daily.tar").write_bytes(b"")
    (tmp_path / "harmonia-backup-20261202T010203000001Z.tar.part").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    assert [f.label for f in backups(tmp_path)] == ["daily"]


def test_the_worker_takes_a_daily_backup_once(tmp_path, process_database):
    env = process_database(tmp_path, "harmonia_scheduled_backup")
    env["HARMONIA_BACKUP_DIR"] = str(tmp_path / "backups")

    def worker():
        run = subprocess.run(
            [sys.executable, "-m", "harmonia.cli", "worker", "--burst"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr

    worker()
    made = backups(tmp_path / "backups")
    assert [f.label for f in made] == ["daily"]
    worker()  # the next hour's slot: the day's backup is there already
    assert backups(tmp_path / "backups") == made


def test_no_second_backup_within_the_day(tmp_path, settings):
    from harmonia.operations.schedule import run_scheduled

    settings.BACKUP_DIR = str(tmp_path)
    made = dt.datetime.now(dt.UTC) - dt.timedelta(hours=20)
    (tmp_path / f"harmonia-backup-{made:%Y%m%dT%H%M%S}000000Z-daily.tar").write_bytes(b"")
    assert "is recent" in run_scheduled()
    assert len(backups(tmp_path)) == 1
    settings.BACKUP_DIR = ""
    assert "off" in run_scheduled()


@pytest.mark.django_db
def test_readyz_shows_its_details_to_loopback_only(client):
    outside = client.get("/readyz", REMOTE_ADDR="203.0.113.9").json()
    assert outside["checks"]["database"] == {"ok": True}
    assert client.get("/readyz").json()["checks"]["database"]["engine"] in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_the_admin_says_how_old_the_last_backup_is(client, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from harmonia.accounts import totp
    from harmonia.accounts.models import TOTPDevice

    root = get_user_model().objects.create(username="root", is_superuser=True, is_staff=True)
    TOTPDevice.objects.create(user=root, secret=totp.new_secret(), confirmed_at=timezone.now())
    client.force_login(root)
    settings.BACKUP_DIR = ""
    assert "Scheduled backups are off" in client.get("/admin/").content.decode()
    settings.BACKUP_DIR = str(tmp_path)
    assert "No good backup yet" in client.get("/admin/").content.decode()
    made = dt.datetime.now(dt.UTC) - dt.timedelta(hours=30)
    (tmp_path / f"harmonia-backup-{made:%Y%m%dT%H%M%S}000000Z-daily.tar").write_bytes(b"")
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "đã được 30,0 giờ" in page and "cũ hơn giới hạn" in page
