"""A canonical fingerprint of a ``Problem``: equal for identical problems in any process, on any machine.

Every field of every dataclass counts, weights and previous placements included, in the problem's own order
(a reordered problem is another fingerprint, never a wrong match); sets are sorted, since their iteration order
changes with each process's string hashing. A bound proven apart is reused only by a solve of this fingerprint.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cache

from scheduler.problem.types import Problem, Resident

FORMAT = "1"  # bump when the encoding changes
CHUNK = 10_000  # residents written at once
RESIDENT = ("id", "community", "free", "enrolled", "wished")  # spelled out in ``_resident``, for speed


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _canonical(value: object) -> object:
    if isinstance(value, tuple):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, frozenset):
        return ("set", tuple(sorted(repr(_canonical(v)) for v in value)))
    if dataclasses.is_dataclass(value):
        cls = type(value)
        return (cls.__name__, tuple(_canonical(getattr(value, name)) for name in _names(cls)))
    return value


def _resident(r: Resident) -> str:
    free = "".join(f"{w.weekday},{w.start},{w.end};" for w in r.free)
    return f"{r.id!r}{r.community!r}{free}{r.enrolled!r}{r.wished!r}\n"


def fingerprint(problem: Problem, *, placements: bool = True) -> str:
    """The SHA-256 of the problem's canonical form (its residents, the bulk of a district, written directly).

    ``placements=False``: as if no group had pins or previous placements (``without_placements``)."""
    if _names(Resident) != RESIDENT:
        raise AssertionError(f"Resident has fields {_names(Resident)}: write them all in fingerprint._resident")
    fields = {name: getattr(problem, name) for name in _names(Problem) if name != "residents"}
    if not placements:
        fields["groups"] = tuple(dataclasses.replace(g, pinned=(), previous=()) for g in problem.groups)
    rest = tuple(_canonical(value) for value in fields.values())
    digest = hashlib.sha256(f"{FORMAT}\n{rest!r}\n".encode())
    residents = problem.residents
    for at in range(0, len(residents), CHUNK):  # a district's residents in pieces: tens of megabytes at once
        digest.update("".join(map(_resident, residents[at : at + CHUNK])).encode())
    return digest.hexdigest()
