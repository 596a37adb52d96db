from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DerivedConfig(AppConfig):
    """Results computed from the data and kept with a fingerprint of it; safe to empty at any time."""

    name = "college.derived"
    label = "derived"
    verbose_name = _("Derived results")
    default_auto_field = "django.db.models.BigAutoField"
