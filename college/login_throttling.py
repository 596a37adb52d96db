"""django-axes (the login throttling) as an installed app with a name coordinators read; its own is "Axes"."""

from __future__ import annotations

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class LoginThrottlingConfig(AxesConfig):
    verbose_name = _("Login throttling")
