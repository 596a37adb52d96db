"""The one ``NinjaAPI`` of Kebiao, mounted at ``/api/v1/``: authentication and errors are set here, once."""

from __future__ import annotations

from ninja import NinjaAPI

from api import (
    communities,
    errors,
    feeds,
    groups,
    imports,
    me,
    occurrences,
    residents,
    sessions,
    solves,
    teachers,
    terms,
    timetables,
    venues,
)
from api.auth import CALLER_AUTH

api = NinjaAPI(
    title="Kebiao 课表 API",
    version="1",
    description=(
        "Timetables of community-college interest groups. Coordinators call with a personal API token "
        "(`Authorization: Bearer kb_…`, made in the admin) or their signed-in session; teachers and residents "
        "with the token of their private link. Errors are `{code, field, message}`; send `Accept-Language: en` "
        "for English messages (Chinese by default)."
    ),
    auth=CALLER_AUTH,
    urls_namespace="api",
)
errors.install(api)

api.add_router("/communities", communities.router)
api.add_router("/venues", venues.router)
api.add_router("/teachers", teachers.router)
api.add_router("/groups", groups.router)
api.add_router("/residents", residents.router)
api.add_router("/terms", terms.router)
api.add_router("/timetables", timetables.router)
api.add_router("/sessions", sessions.router)  # with the one-off occurrence changes of api.occurrences
api.add_router("/me", me.router)
api.add_router("", solves.router)  # /terms/{id}/solves, /solve-jobs/{id}, /terms/{id}/data-check
api.add_router("/feeds", feeds.router)
api.add_router("/imports", imports.router)

__all__ = ["api", "occurrences"]
