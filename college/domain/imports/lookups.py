"""What a row may refer to: communities, teachers and groups by key or by (unique) name, within a scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from college.domain.imports.cells import CellError
from college.models import Activity, Community, InterestGroup, Teacher


@dataclass
class Names:
    """Rows of one model found by key or by name; a name two rows share must be given as a key."""

    what: str
    by_key: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (id, name)
    by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # name → keys

    @classmethod
    def of(cls, model: type[models.Model], what: str, queryset: Iterable[tuple[int, str, str]] | None = None) -> Names:
        names = cls(what)
        rows = queryset if queryset is not None else model._default_manager.values_list("pk", "key", "name")
        for pk, key, name in rows:
            names.by_key[key] = (pk, name)
            names.by_name[name].append(key)
        return names

    def key(self, value: str) -> str:
        """The key of the row named or keyed ``value``."""
        if value in self.by_key:
            return value
        keys = self.by_name.get(value, [])
        if len(keys) == 1:
            return keys[0]
        if len(keys) > 1:
            raise CellError(
                _("More than one %(what)s is called “%(value)s”; write its key instead (%(keys)s).")
                % {"what": self.what, "value": value, "keys": "、".join(sorted(keys))}
            )
        raise CellError(_("There is no %(what)s “%(value)s”.") % {"what": self.what, "value": value})

    def id(self, key: str) -> int:
        return self.by_key[key][0]


@dataclass
class Lookups:
    """Everything rows refer to, read once per import; ``allowed`` limits the communities rows may belong to."""

    communities: Names
    teachers: Names
    groups: Names
    activities: Names
    allowed: frozenset[int] | None = None  # None: every community

    @classmethod
    def load(cls, allowed: Iterable[int] | None = None) -> Lookups:
        registered = InterestGroup.objects.values_list("pk", "key", "name")
        return cls(
            communities=Names.of(Community, str(_("community"))),
            teachers=Names.of(Teacher, str(_("teacher"))),
            groups=Names.of(InterestGroup, str(_("interest group")), registered),
            activities=Names.of(Activity, str(_("activity"))),
            allowed=frozenset(allowed) if allowed is not None else None,
        )

    def community(self, value: str) -> str:
        """The key of the community named or keyed ``value``, if the importer may change it."""
        if not value:
            raise CellError(_("This cell is required."))
        key = self.communities.key(value)
        if self.allowed is not None and self.communities.id(key) not in self.allowed:
            raise CellError(_("You do not coordinate %(community)s.") % {"community": self.communities.by_key[key][1]})
        return key
