"""`harmonia alerts follow-list` and `harmonia alerts scan`, as separate processes."""

import json

from .processes import followers, harmonia
from .records import record, write


def test_follow_list_and_scan_commands(tmp_path, process_database):
    env = process_database(tmp_path, "harmonia_alerts_cli")
    harmonia(
        env, "import", "relaton", str(write(tmp_path / "a", record("ISO 9001:2015", "2015-09-15")))
    )
    followers(env, 1, "ISO 9001")
    ours = tmp_path / "ours.csv"
    ours.write_text("identifier\nISO 9001:2015\nISO 77777:2020\n", "utf-8")
    report = json.loads(
        harmonia(env, "alerts", "follow-list", str(ours), "--user", "p00", "--json").stdout
    )
    assert report["rows"] == 2 and report["matched"] == 1
    assert report["unmatched"] == [
        {"line": 3, "value": "ISO 77777:2020", "reason": "not in the catalogue"}
    ]
    text = harmonia(env, "alerts", "follow-list", str(ours), "--user", "p00").stdout
    assert f"{ours}, line 3: ISO 77777:2020: not in the catalogue" in text
    assert "0 new event(s)" in harmonia(env, "alerts", "scan").stdout
