from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "openoms.automation"
    label = "automation"
    verbose_name = "Automation: recurring jobs, their runs, and the scheduler"

    def ready(self) -> None:
        from openoms.automation.tasks import register_tasks

        register_tasks()
