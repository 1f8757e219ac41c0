"""Comparing event places: the same place under two names, or a city inside a country."""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.analyze.names import ascii_lower
from accord.analyze.reference import Reference


@dataclass(slots=True)
class PlaceIndex:
    """Lower-cased place or country name -> (canonical id, country code)."""

    places: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    _keys: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # memo of _key

    @classmethod
    def from_reference(cls, reference: Reference) -> PlaceIndex:
        index = cls()
        for code, country in reference.countries.items():
            for name in (country.name, *country.aliases):
                index.places[ascii_lower(name)] = (f"country:{code}", code)
        for place_id, (name, code) in reference.places.items():
            index.places.setdefault(ascii_lower(name), (place_id, code))
        for surface, entries in reference.folded.items():
            for entry in entries:
                if entry.kind in ("capital", "city"):
                    index.places.setdefault(surface, (entry.id, entry.country))
        return index

    def _key(self, name: str) -> tuple[str, str | None]:
        found = self._keys.get(name)
        if found is None:
            folded = ascii_lower(name).strip()
            found = self._keys[name] = self.places.get(folded, (folded, None))
        return found

    def same(self, a: str, b: str) -> bool:
        return self._key(a)[0] == self._key(b)[0]

    def compatible(self, a: str | None, b: str | None) -> bool:
        """Unknown agrees with anything; a city agrees with its own country."""
        if not a or not b or self.same(a, b):
            return True
        return self.nested([a, b])

    def nested(self, names: list[str]) -> bool:
        """True when the names are one country and places inside it."""
        keys = [self._key(n) for n in names]
        countries = {k[0][8:] for k in keys if k[0].startswith("country:")}
        if len(countries) != 1:
            return False
        country = next(iter(countries))
        return all(k[0].startswith("country:") or k[1] == country for k in keys)
