from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "harmonia.operations"
    label = "operations"

    def ready(self) -> None:
        # The worker's clock (alerts.queue) runs the scheduled backup; the queue knows
        # nothing of this app, which adds its job to the queue's registries.
        from harmonia.alerts import jobs, queue

        from .schedule import run_scheduled

        jobs.JOBS["operations.backup"] = run_scheduled
        if ("operations.backup", 3600) not in queue.PERIODIC:
            queue.PERIODIC.append(("operations.backup", 3600))
