"""Harmonia's settings with the benchmarks' ceiling view added to the URLs."""

from harmonia.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
