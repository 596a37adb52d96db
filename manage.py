#!/usr/bin/env python
"""Django's command-line utility for Kebiao."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "college.settings")
    if sys.argv[1:2] == ["demo"]:  # the README's demo runs without any environment set
        from college.demo_env import use_demo_defaults

        use_demo_defaults()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
