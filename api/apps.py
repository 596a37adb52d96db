from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API; an app so its Chinese translations (``api/locale``) are found."""

    name = "api"
    verbose_name = "API"
