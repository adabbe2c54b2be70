"""Writes put their document in the search outbox: single rows (admin, services) through
the models' signals, imports through the catalogue's."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from harmonia.adoptions import signals as adoption_signals
from harmonia.adoptions.models import Adoption
from harmonia.catalogue import signals as catalogue_signals
from harmonia.catalogue.models import Document, DocumentICS, DocumentIdentifier, DocumentTitle

from . import sync


def _document(sender: Any, instance: Document, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        sync.changed([instance.pk])


def _part(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        sync.changed([instance.document_id])


def _adoption(sender: Any, instance: Adoption, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        sync.changed([instance.national_id, instance.adopted_id])


for signal in (post_save, post_delete):
    signal.connect(_document, sender=Document, dispatch_uid=f"search-doc-{signal}")
    for model in (DocumentTitle, DocumentICS, DocumentIdentifier):
        signal.connect(_part, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}")
    signal.connect(_adoption, sender=Adoption, dispatch_uid=f"search-adoption-{signal}")


def _imported(sender: Any, keys: list[str], **kwargs: Any) -> None:
    sync.changed_keys(keys)


catalogue_signals.import_written.connect(_imported, dispatch_uid="search-import")


def _links(sender: Any, documents: list[int | None], **kwargs: Any) -> None:
    sync.changed(documents)


adoption_signals.links_changed.connect(_links, dispatch_uid="search-adoption-links")
