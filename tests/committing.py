"""A commit after the fact, for tests whose transaction is rolled back at their end."""

from django.db import connection


def run_commit_hooks() -> None:
    """What a commit does for the rest of the site: the on-commit hooks run (the search
    index is written, the change generations move on) and none is left waiting, so the
    connection no longer counts as holding uncommitted writes (generation.pending)."""
    while connection.run_on_commit:  # a hook's own writes (the outbox emptied) add hooks
        hooks = list(connection.run_on_commit)
        connection.run_on_commit = []
        for _savepoints, hook, _robust in hooks:
            hook()
