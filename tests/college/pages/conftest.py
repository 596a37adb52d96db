"""The tiny college with its 2026 autumn term published (``tests.college.calendar.factories``), for page tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from college.domain.people import coordinators
from college.models import Community, Term, Timetable
from tests.college.calendar.factories import make_autumn_term, publish


@pytest.fixture(autouse=True)
def _empty_feed_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def term(db: None) -> Term:
    """The tiny college and its autumn term, not yet published."""
    return make_autumn_term()


@pytest.fixture
def published(term: Term) -> Timetable:
    """Version 1 published: 太极班 Monday and Thursday 09:00 (王老师), 茶艺 Wednesday 19:00 (李老师)."""
    return publish(term)


def coordinator(username: str, *community_keys: str) -> User:
    """A coordinator login; without community keys a district coordinator."""
    communities = Community.objects.filter(key__in=community_keys) if community_keys else None
    user, _ = coordinators.make_coordinator(username, "pw-for-tests-only", communities=communities)
    return user


@pytest.fixture
def district_client(published: Timetable) -> Client:
    client = Client()
    client.force_login(coordinator("district"))
    return client


@pytest.fixture
def xiaozhu_client(published: Timetable) -> Client:
    """Logged in as the coordinator of 小竹社区 only (太极班 is theirs; 茶艺 belongs to 大竹社区)."""
    client = Client()
    client.force_login(coordinator("xiaozhu-coordinator", "xiaozhu"))
    return client
