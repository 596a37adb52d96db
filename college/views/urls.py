"""URLs of the pages (namespace ``pages``), included at the site root by ``college.urls``."""

from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from college.views import catalogue, personal, poster, survey, teacher
from college.views.coordinator import accounts, dashboard, demand, differences, jobs, proposals, sessions, week

app_name = "pages"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="pages:catalogue"), name="home"),
    # Residents: public, no login.
    path("groups/", catalogue.catalogue, name="catalogue"),
    path("groups/<str:key>/", catalogue.group_page, name="group"),
    path("communities/<str:key>/poster/", poster.poster, name="poster"),
    path("survey/", survey.new, name="survey"),
    path("my/", personal.new, name="personal_new"),
    path("my/<str:token>/", personal.calendar, name="personal"),
    path("my/<str:token>/groups/", personal.change_picks, name="personal_picks"),
    path("my/<str:token>/survey/", survey.mine, name="personal_survey"),
    path("my/<str:token>/new-link/", personal.new_link, name="personal_new_link"),
    # Teachers: a private link, no password.
    path("teacher/<str:token>/", teacher.teacher_page, name="teacher"),
    path("teacher/<str:token>/proposals/<int:pk>/", teacher.answer_proposal, name="teacher_answer"),
    # Coordinators: login required, scoped to their communities.
    path("coordinate/login/", accounts.login, name="login"),
    path("coordinate/logout/", accounts.logout, name="logout"),
    path("coordinate/", dashboard.home, name="coordinate"),
    path("coordinate/survey/", survey.paper, name="paper_survey"),
    path("coordinate/survey/<str:key>/", survey.paper, name="paper_survey_of"),
    path("coordinate/terms/<str:key>/", dashboard.term_dashboard, name="dashboard"),
    path("coordinate/terms/<str:key>/solve/", dashboard.solve, name="solve"),
    path("coordinate/terms/<str:key>/proposals/", proposals.proposals_page, name="proposals"),
    path("coordinate/terms/<str:key>/proposals/start/", proposals.start, name="proposals_start"),
    path("coordinate/proposal-runs/<int:pk>/progress.json", proposals.progress, name="proposals_progress"),
    path("coordinate/proposal-runs/<int:pk>/stop/", proposals.stop, name="proposals_stop"),
    path("coordinate/proposals/<int:pk>/accept/", proposals.accept, name="proposal_accept"),
    path("coordinate/proposals/<int:pk>/decline/", proposals.decline, name="proposal_decline"),
    path("coordinate/proposals/<int:pk>/register/", proposals.register, name="proposal_register"),
    path("coordinate/jobs/<int:pk>/progress.json", jobs.progress, name="job_progress"),
    path("coordinate/jobs/<int:pk>/stop/", jobs.stop, name="job_stop"),
    path("coordinate/timetables/<int:pk>/publish/", dashboard.publish_version, name="publish"),
    path("coordinate/timetables/<int:old>/diff/<int:new>/", differences.diff_page, name="diff"),
    path("coordinate/timetables/<int:pk>/", week.week, name="week"),
    path("coordinate/timetables/<int:pk>/demand/", demand.demand, name="demand"),
    path("coordinate/timetables/<int:pk>/venues/", week.utilisation, name="utilisation"),
    path("coordinate/timetables/<int:pk>/venues/<str:key>/", week.venue_week, name="venue_week"),
    path("coordinate/timetables/<int:pk>/teachers/", week.teacher_list, name="teachers"),
    path("coordinate/timetables/<int:pk>/teachers/<str:key>/", week.teacher_week, name="teacher_week"),
    path("coordinate/teachers/<str:key>/private-link/", week.teacher_link, name="teacher_link"),
    path("coordinate/sessions/<int:pk>/", sessions.session_panel, name="session"),
    path("coordinate/sessions/<int:pk>/pin/", sessions.pin, name="session_pin"),
    path("coordinate/sessions/<int:pk>/date/", sessions.change_date, name="session_date"),
    path("coordinate/sessions/<int:pk>/move/", sessions.move, name="session_move"),
]
