"""The usual times of each audience, used when a group states no preferred times of its own."""

from __future__ import annotations

from scheduler.problem import Window

_WEEKDAYS = range(5)
_WEEKEND = (5, 6)

AUDIENCE_WINDOWS: dict[str, tuple[Window, ...]] = {
    # 老年: daytime, any day
    "elderly": tuple(Window(d, 8 * 60, 17 * 60) for d in range(7)),
    # 上班族: weekday evenings and weekends
    "adults": tuple(Window(d, 18 * 60, 22 * 60) for d in _WEEKDAYS)
    + tuple(Window(d, 8 * 60, 22 * 60) for d in _WEEKEND),
    # 儿童: after school and weekends
    "children": tuple(Window(d, 16 * 60, 20 * 60) for d in _WEEKDAYS)
    + tuple(Window(d, 8 * 60, 20 * 60) for d in _WEEKEND),
    # 亲子家庭: weekday evenings and weekends
    "families": tuple(Window(d, 18 * 60, 21 * 60) for d in _WEEKDAYS)
    + tuple(Window(d, 8 * 60, 21 * 60) for d in _WEEKEND),
    # 不限: no preference
    "all": (),
}


def audience_windows(audience: str) -> tuple[Window, ...]:
    """The times that suit ``audience``; an empty tuple means any time suits it."""
    try:
        return AUDIENCE_WINDOWS[audience]
    except KeyError:
        known = ", ".join(AUDIENCE_WINDOWS)
        raise ValueError(f"unknown audience {audience!r}: expected one of {known}") from None
