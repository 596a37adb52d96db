"""WSGI entry point for Kebiao: Django, with private calendar feeds answered first from their stored rendering."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "college.settings")
django_application = get_wsgi_application()

from college.feeds.wsgi import PrivateFeeds  # noqa: E402 - its models need the apps get_wsgi_application loaded

application = PrivateFeeds(django_application)
