"""What the catalogue announces, so that the apps above it (search, alerts, the audit
trail) follow its imports while the catalogue knows nothing of them.

Both are sent inside the import's transaction, so a listener's writes commit or roll
back with the import.

- `import_writing(sender, records, notes)`: the parsed records about to be written
  (dicts keyed as the importers make them, "_key" the canonical key). `notes` is a dict
  for this import only: a listener keeps there what it needs after the write.
- `import_written(sender, run, keys, report, body, notes)`: the records are written;
  `run` is the ImportRun, `keys` the canonical keys written, `report` the ImportReport,
  `body` whose catalogue it is (None: the international catalogues).
"""

from __future__ import annotations

import django.dispatch

import_writing = django.dispatch.Signal()
import_written = django.dispatch.Signal()
