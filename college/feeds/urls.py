from __future__ import annotations

from django.urls import path

from college.feeds import views

app_name = "feeds"

urlpatterns = [
    # /feeds/group/<key>.ics, /feeds/venue/<key>.ics, /feeds/community/<key>.ics,
    # /feeds/teacher/<token>.ics, /feeds/resident/<token>.ics
    path("<slug:kind>/<str:key>.ics", views.feed, name="feed"),
]
