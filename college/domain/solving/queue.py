"""Where the domain hands work to the task workers: ``college.tasks`` registers its tasks here when the app is
ready, so the domain queues a solve or a part without importing the wrappers that call it back."""

from __future__ import annotations

from typing import Protocol


class Queueable(Protocol):
    def enqueue(self, *args: object) -> object: ...


_TASKS: dict[str, Queueable] = {}


def register(**tasks: Queueable) -> None:
    """``register(solve_term=…, solve_part=…, propose_term=…)``: the tasks that run a job, one part of a fanned-out
    job, and a proposal run."""
    _TASKS.update(tasks)


def enqueue(name: str, *args: object) -> object:
    """Queue task ``name``: ``"solve_term"``, ``"solve_part"``, ``"propose_term"`` or ``"bound_term"`` with an id,
    ``"write_feeds"`` with its feeds."""
    return _TASKS[name].enqueue(*args)
