from django.apps import AppConfig


class AdoptionsConfig(AppConfig):
    name = "harmonia.adoptions"
    verbose_name = "National adoptions"

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Adoption

        audit.register(
            Adoption,
            body=lambda a: a.national.publisher_id,
            exclude=("evidence",),
        )
        from harmonia.catalogue import document_parts

        from .services import adoptions_of

        document_parts.add("adoption", adoptions_of)
