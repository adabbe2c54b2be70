from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "harmonia.comments"
    label = "comments"
    verbose_name = _("Comments and public enquiry")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import CommentType, Enquiry, Resolution

        audit.register(CommentType, action="rules")
        audit.register(Resolution, action="rules")
        audit.register(Enquiry, body=lambda e: e.body_id, exclude=("draft",))
