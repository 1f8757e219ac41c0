"""What a view covers: the two sides of a relation and a date window.

Dates compare as ISO prefixes, as in ``accord.store.record.list_items``:
``--from 2023`` keeps 2023-01-26, ``--to 2023`` keeps everything in 2023.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accord.present.queries import Side


@dataclass(frozen=True, slots=True)
class Scope:
    """Sides (both or none) and an optional date window."""

    sides: tuple[Side, Side] | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def windowed(self) -> bool:
        return bool(self.date_from or self.date_to)

    def in_window(self, date: str | None) -> bool:
        """True when ``date`` falls in the window; an unknown date falls in no window."""
        if not self.windowed:
            return True
        if not date:
            return False
        if self.date_from and date < self.date_from:
            return False
        # '~' sorts after digits and '-', so '2023' as upper bound covers all of 2023.
        return not (self.date_to and date > self.date_to + "~")

    def links(self, actor_ids: Iterable[str | None]) -> bool:
        """True when the actors include both sides (two different actors), or no sides are set."""
        if self.sides is None:
            return True
        ids = {a for a in actor_ids if a}
        first = ids & set(self.sides[0].members)
        second = ids & set(self.sides[1].members)
        return any(a != b for a in first for b in second)

    def touches(self, actor_ids: Iterable[str | None]) -> bool:
        """True when the actors include either side, or no sides are set."""
        if self.sides is None:
            return True
        members = set(self.sides[0].members) | set(self.sides[1].members)
        return any(a in members for a in actor_ids if a)
