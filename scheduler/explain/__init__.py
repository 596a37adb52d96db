"""Why a problem has no timetable: counting and matching pre-checks, then a CP-SAT core; reasons, never prose.

``impossible`` runs the pre-checks alone and names every group they prove impossible, with its reason.
"""

from __future__ import annotations

from scheduler.explain.core import CORE, NO_CAUSE
from scheduler.explain.left_out import impossible
from scheduler.explain.prechecks import explain

__all__ = ["CORE", "NO_CAUSE", "explain", "impossible"]
