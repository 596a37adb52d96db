"""Solving jobs: start (returns at once), run on a worker with live progress (``monitor``), stop, the job states and
the stale-job sweep (``states``), a district's block solves fanned out to the workers (``fanout``) through the
task queue (``queue``). The entry points, all taking ids, are re-exported here."""

from __future__ import annotations

from college.domain.solving.jobs import latest_job, refresh_job, run_solve, start_solve, stop_solve, time_limit_from
from college.domain.solving.states import reap_stale_jobs

__all__ = ["latest_job", "reap_stale_jobs", "refresh_job", "run_solve", "start_solve", "stop_solve", "time_limit_from"]
