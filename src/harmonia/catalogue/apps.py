from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "harmonia.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Body, Committee, Document

        audit.register(Body, body=lambda b: b.pk)
        audit.register(Committee, body=lambda c: c.body_id)
        audit.register(Document, body=lambda d: d.publisher_id)
