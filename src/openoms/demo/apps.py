from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: its data (``seed.py`` and the modules it calls) and the ``demo`` and
    ``seed_demo`` commands. It owns no tables: it writes through the other apps' services."""

    name = "openoms.demo"
    label = "demo"
    verbose_name = "Demo data and the demo runner"
