"""Why something cannot be timetabled, as data: a code, the entities it names (ids by kind) and its numbers.

The engine never writes sentences for people: each rule module under ``model/rules/`` owns the codes of what
breaks it, ``explain/`` finds them, and the college renders them in the user's language, linking entities by
id. A core (rules that cannot all hold at once) is one reason with ``parts``, one per rule in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

GROUP = "group"
TEACHER = "teacher"
VENUE = "venue"
COMMUNITY = "community"
COHORT = "cohort"
APART = "apart"  # an apart set's id
FACILITY = "facility"  # a facility's code (not an entity: the college labels it)
KINDS = (GROUP, TEACHER, VENUE, COMMUNITY, COHORT, APART, FACILITY)


@dataclass(frozen=True)
class Reason:
    """``code`` (``"<rule>.<what>"``, or a rule's name inside a core), ``ids`` (kind → ids, in the order the reason
    names them), ``numbers`` (name → whole number: sessions, seats, days, a pin's weekday and start…)."""

    code: str
    ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: Mapping[str, int] = field(default_factory=dict)
    parts: tuple[Reason, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.ids) - set(KINDS)
        if unknown:
            raise ValueError(f"reason {self.code!r} names unknown kind(s) {sorted(unknown)}")
        ids = {k: tuple(v) for k, v in self.ids.items() if v}
        object.__setattr__(self, "ids", MappingProxyType(ids))
        object.__setattr__(self, "numbers", MappingProxyType({k: int(v) for k, v in self.numbers.items()}))
        object.__setattr__(self, "parts", tuple(self.parts))

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.ids.items())), tuple(sorted(self.numbers.items())), self.parts))

    def __reduce__(self) -> tuple[type[Reason], tuple[object, ...]]:
        """Pickled as plain dicts (a district's block results cross processes and task workers)."""
        return (Reason, (self.code, dict(self.ids), dict(self.numbers), self.parts))

    def of(self, kind: str) -> tuple[str, ...]:
        """The ids of ``kind`` this reason (not its parts) names."""
        return self.ids.get(kind, ())

    def named(self, kind: str) -> tuple[str, ...]:
        """The ids of ``kind`` named by this reason and its parts, each once, in order."""
        return tuple(dict.fromkeys((*self.of(kind), *(i for p in self.parts for i in p.named(kind)))))

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "ids": {k: list(v) for k, v in self.ids.items()}}
        out["numbers"] = dict(self.numbers)
        if self.parts:
            out["parts"] = [p.as_json() for p in self.parts]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Reason:
        ids = data.get("ids") or {}
        numbers = data.get("numbers") or {}
        parts = data.get("parts") or []
        if not isinstance(ids, Mapping) or not isinstance(numbers, Mapping) or not isinstance(parts, list):
            raise ValueError(f"not a reason: {data!r}")
        return cls(
            str(data["code"]),
            {str(k): tuple(str(i) for i in v) for k, v in ids.items()},
            {str(k): int(v) for k, v in numbers.items()},
            tuple(cls.from_json(p) for p in parts),
        )


@dataclass(frozen=True)
class LeftOut:
    """Groups a partial solve leaves unscheduled, and the reason they cannot be timetabled (alone or together)."""

    groups: tuple[str, ...]
    reason: Reason
