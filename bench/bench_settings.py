"""Harmonia's settings with the benchmarks' ceiling view added to the URLs."""

import os

from harmonia.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

# The load tests measure capacity, not the limits: counting still runs, refusing never.
RATE_LIMITS = {name: (10**9, period) for name, (_, period) in RATE_LIMITS.items()}  # noqa: F405

# HARMONIA_BENCH_NO_RESPONSE_CACHE=1: the same server without the response cache, to
# measure what it brings.
if os.environ.get("HARMONIA_BENCH_NO_RESPONSE_CACHE") == "1":
    MIDDLEWARE = [m for m in MIDDLEWARE if not m.endswith("ResponseCacheMiddleware")]  # noqa: F405
