"""What the package reads at run time ships in it: every data folder of an app is named
in pyproject's package-data (an editable install reads the source tree and would not
notice a missing one; a wheel would fail at its first migration)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "harmonia"


def test_every_data_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["harmonia"]
    files = [
        p.relative_to(PACKAGE).as_posix()
        for folder in PACKAGE.glob("*/data")
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert len(files) > 10
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == []
