"""Harmonia: an open platform for national standards bodies."""

__version__ = "0.1.0"
