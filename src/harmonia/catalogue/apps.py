from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "harmonia.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from harmonia import generation

        # The first of Harmonia's apps: from here on every committed write moves the
        # change generation that cached pages are keyed on.
        generation.install()
