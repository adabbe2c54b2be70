from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "harmonia.reviews"
    label = "reviews"
    verbose_name = _("Systematic review")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Review, ReviewOutcome, ReviewPeriod

        audit.register(ReviewPeriod, body=lambda p: p.body_id, action="rules")
        audit.register(ReviewOutcome, action="rules")
        audit.register(Review, body=lambda r: r.body_id)
        from harmonia.catalogue import document_parts

        from .services import review_facts

        document_parts.add("review", lambda document, user: review_facts(document))
