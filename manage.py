#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A machine without a SECRET_KEY is a developer's: run commands in development mode
    # there (random key, SQLite, console email). Production sets SECRET_KEY, so its
    # commands (migrate, cron reminders) keep DEBUG off. gunicorn does not use this file.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
