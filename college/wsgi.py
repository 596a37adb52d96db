"""WSGI entry point for Kebiao."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "college.settings")
application = get_wsgi_application()
