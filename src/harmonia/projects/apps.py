from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "harmonia.projects"
    label = "projects"
    verbose_name = _("Work programme")

    def ready(self) -> None:
        from harmonia.accounts import audit

        from .models import Project, StagePeriod, StageTransition

        audit.register(StageTransition, action="rules")
        audit.register(StagePeriod, body=lambda p: p.body_id, action="rules")
        audit.register(Project, body=lambda p: p.body_id)
        from harmonia.committees import committee_parts

        from .services import with_health

        committee_parts.add(
            "projects",
            lambda committee, user: with_health(committee.projects.select_related("stage", "body")),
        )
