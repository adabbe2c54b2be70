"""Running Harmonia for real: backup and restore (on either engine, and from one to the
other)."""
