from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "openoms.automation"
    label = "automation"
    verbose_name = "Automation: recurring jobs, their runs, and the scheduler"
