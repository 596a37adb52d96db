"""The verifier: recomputes every hard violation and soft penalty from (problem, solution) alone; it never
imports ``scheduler.model``."""

from __future__ import annotations

from scheduler.verify.timetable import Report, Violation, hard_violations, verify

__all__ = ["Report", "Violation", "hard_violations", "verify"]
