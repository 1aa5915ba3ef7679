"""The ``openoms`` command: Django's management commands under one name.

``openoms seed-demo`` runs the ``seed_demo`` command (hyphens become underscores); anything else
passes straight through, e.g. ``openoms shell -c "..."`` or ``openoms migrate``. The commands live
with the app they belong to: ``demo`` and ``seed_demo`` in ``openoms.demo``, ``worker`` and
``scheduler`` in ``openoms.automation``, ``serve`` in ``openoms.web``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openoms.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openoms", *args])


if __name__ == "__main__":
    main()
