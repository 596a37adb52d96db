from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """The calendar feeds' bookkeeping (event and feed revisions) and their HTTP views."""

    name = "college.feeds"
    label = "feeds"
    verbose_name = _("Calendar feeds")
    default_auto_field = "django.db.models.BigAutoField"
