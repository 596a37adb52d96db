from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollegeConfig(AppConfig):
    name = "college"
    verbose_name = _("Community college")

    def ready(self) -> None:
        from college import tasks  # noqa: F401 - the tasks register themselves with the domain's queue
        from college.domain.calendar import refresh  # models are importable only once the apps are ready

        refresh.connect()  # public feed files follow every change that can alter them
