from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "openoms.activity"
    label = "activity"
    verbose_name = "Activity: file imports and (later) the event log"
