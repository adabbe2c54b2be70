"""Benchmark: what the security layer costs a request, in-process (no network).

    python bench/security_overhead.py [--var DIR] [--requests 400]

The same requests go through Django's handler twice, alternating in rounds, in one run:
with the product's middleware, and with the security middleware taken out (API tokens,
rate limits, two-factor enforcement, the audit actor, the security headers). The
difference is the overhead per request. A Bearer-token request is measured too (its
token is looked up in the database on every request).

Data: a demo database (`harmonia demo`); without --var one is built in a temporary
directory first (about 50 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OURS = "harmonia.accounts.middleware."
PATHS = ["/api/v1/ics", "/api/v1/documents/ISO 9001:2015", "/documents/ISO 9001:2015/"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", type=Path)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    var = args.var or Path(tempfile.mkdtemp(prefix="harmonia-bench-sec-"))
    os.environ["HARMONIA_VAR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    if not (var / "harmonia.sqlite3").exists():
        harmonia = Path(sys.executable).with_name("harmonia")
        subprocess.run([str(harmonia), "demo"], check=True, env=dict(os.environ))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from harmonia.accounts.tokens import create_token

    user, _ = get_user_model().objects.get_or_create(username="bench-reader")
    _, raw = create_token(user, "bench", ["read"], 1)
    unlimited = {k: (10**9, p) for k, (_, p) in settings.RATE_LIMITS.items()}
    full = list(settings.MIDDLEWARE)
    bare = [m for m in full if not m.startswith(OURS)]

    def run(middleware: list[str], path: str, headers: dict[str, str]) -> float:
        with override_settings(MIDDLEWARE=middleware, RATE_LIMITS=unlimited):
            client = Client()
            client.get(path, **headers)  # load the middleware, warm the caches
            started = time.perf_counter()
            for _ in range(args.requests):
                response = client.get(path, **headers)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
        return elapsed / args.requests * 1000

    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{args.requests} requests a measurement, median of {args.rounds} rounds\n")
    print(f"{'request':<44}{'without':>10}{'with':>10}{'overhead':>11}")
    cases = [(p, {}) for p in PATHS]
    cases.append(("/api/v1/ics", {"HTTP_AUTHORIZATION": f"Bearer {raw}"}))
    for path, headers in cases:
        without, with_ = [], []
        for _ in range(args.rounds):
            without.append(run(bare, path, {}))
            with_.append(run(full, path, headers))
        a, b = statistics.median(without), statistics.median(with_)
        label = path + (" (Bearer token)" if headers else "")
        print(f"{label:<44}{a:>8.3f}ms{b:>8.3f}ms{b - a:>+9.3f}ms ({(b - a) / a:+.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
