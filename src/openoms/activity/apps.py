from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "openoms.activity"
    label = "activity"
    verbose_name = "Activity: file imports and the event log"

    def ready(self) -> None:
        from openoms.activity.tasks import register_tasks

        register_tasks()
