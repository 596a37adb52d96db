from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from api.main import api
from college.admin import imports as admin_imports

urlpatterns = [
    *admin_imports.urls,  # before the admin's own catch-all
    path("admin/", admin.site.urls),
    path("feeds/", include("college.feeds.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("college.views.urls")),
]
