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
        from harmonia.accounts import personal_data
        from harmonia.catalogue import document_parts

        from .services import adoptions_of, decisions_by

        document_parts.add("adoption", adoptions_of)
        personal_data.add("adoption_decisions", decisions_by)
