"""Harmonia's settings with the benchmarks' ceiling view added to the URLs."""

from harmonia.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

# The load tests measure capacity, not the limits: counting still runs, refusing never.
RATE_LIMITS = {name: (10**9, period) for name, (_, period) in RATE_LIMITS.items()}  # noqa: F405
