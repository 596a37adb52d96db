"""The error a malformed problem raises, naming the entity and what is wrong."""

from __future__ import annotations


class ProblemError(ValueError):
    """The problem is malformed; the message names the entity and what is wrong."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ProblemError(message)
