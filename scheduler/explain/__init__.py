"""Why a problem has no timetable: counting and matching pre-checks, then a CP-SAT core."""

from __future__ import annotations

from scheduler.explain.prechecks import explain

__all__ = ["explain"]
