"""The usual times of each audience, used when a group states no preferred times of its own.

The same times the 点单 survey shows people are free (see ``fixtures/times.py``): seniors on weekday
mornings and afternoons, working adults on weekday evenings and weekends, children after school and at
weekends, families on weekday evenings and weekends, and "all" in the mornings, evenings and weekends.
"""

from __future__ import annotations

from scheduler.problem import Window

WEEKDAYS = (0, 1, 2, 3, 4)
WEEKEND = (5, 6)
MORNING, AFTERNOON, EVENING = (510, 720), (840, 1050), (1110, 1290)  # 8:30–12, 14–17:30, 18:30–21:30
AFTER_SCHOOL, FAMILY_EVENING = (960, 1080), (1140, 1230)  # 16–18, 19–20:30
WEEKEND_MORNING, WEEKEND_AFTERNOON = (540, 720), (840, 1080)  # 9–12, 14–18


def _on(days: tuple[int, ...], *spans: tuple[int, int]) -> tuple[Window, ...]:
    return tuple(Window(d, s, e) for d in days for s, e in spans)


_WEEKENDS = _on(WEEKEND, WEEKEND_MORNING, WEEKEND_AFTERNOON)
AUDIENCE_WINDOWS: dict[str, tuple[Window, ...]] = {
    "elderly": _on(WEEKDAYS, MORNING, AFTERNOON),  # 老年
    "adults": _on(WEEKDAYS, EVENING) + _WEEKENDS,  # 上班族
    "children": _on(WEEKDAYS, AFTER_SCHOOL) + _WEEKENDS,  # 儿童
    "families": _on(WEEKDAYS, FAMILY_EVENING) + _WEEKENDS,  # 亲子家庭
    "all": _on(WEEKDAYS, MORNING, EVENING) + _WEEKENDS,  # 不限
}


def audience_windows(audience: str) -> tuple[Window, ...]:
    """The times that suit ``audience``."""
    try:
        return AUDIENCE_WINDOWS[audience]
    except KeyError:
        known = ", ".join(AUDIENCE_WINDOWS)
        raise ValueError(f"unknown audience {audience!r}: expected one of {known}") from None
