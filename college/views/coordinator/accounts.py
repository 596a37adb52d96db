"""Coordinators log in and out here (the admin login works too; both use Django's accounts)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

login = auth_views.LoginView.as_view(
    template_name="college/coordinator/login.html",
    redirect_authenticated_user=True,
    extra_context={"nav": "coordinate"},
    next_page="pages:coordinate",
)
logout = auth_views.LogoutView.as_view(next_page="pages:catalogue")
