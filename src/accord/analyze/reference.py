"""Reference tables: countries, organisations and office holders, bundled and user-extended.

The bundled CSV files live in ``accord/data`` (described in its README). A
user folder given as ``Settings.data_dir`` may hold files with the same names
and columns; their rows are added to (and for the same key, replace) the
bundled ones. Built once per process and passed explicitly.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from accord.analyze.names import ascii_lower, name_key, slug
from accord.errors import AccordError
from accord.models import Role


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    capital_aliases: tuple[str, ...]
    cities: tuple[tuple[str, ...], ...]  # each city: canonical spelling first


@dataclass(frozen=True, slots=True)
class Organization:
    key: str
    name: str
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]
    kind: str
    members: tuple[str, ...]


@dataclass(slots=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    def held(self, titles: set[str], on: str) -> bool:
        """Whether the person held one of ``titles`` (lower-case) on date ``on`` (ISO)."""
        return any(r.title.lower() in titles and _within(on, r.start, r.end) for r in self.roles)


@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form in the gazetteer stands for."""

    kind: str  # country | demonym | capital | city | organization | person
    id: str  # actor id: country:UZB, place:tashkent, org:sco, person:shavkat-mirziyoyev
    country: str | None = None


@dataclass(slots=True)
class Reference:
    """All reference tables and the lookups built from them."""

    countries: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    # Surface forms: exact-case for acronyms, lower-case ASCII for everything else.
    exact: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    folded: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    person_keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # place id -> (name, country)

    def lookup(self, surface: str) -> list[Entry]:
        """Entries for a surface form (acronyms case-sensitive, names case-insensitive)."""
        return self.exact.get(surface) or self.folded.get(ascii_lower(surface).strip(), [])

    def people_named(self, name: str) -> set[str]:
        """Ids of reference people with an alias whose key equals ``name``'s key."""
        return set(self.person_keys.get(name_key(name), set()))

    def holders(self, title: str, country: str | None, on: str | None) -> list[Person]:
        """People holding ``title`` (case-insensitive) for ``country`` on date ``on`` (ISO)."""
        found = []
        for person in self.people.values():
            for role in person.roles:
                if role.title.lower() != title.lower() or (country and role.country != country):
                    continue
                if on is None or _within(on, role.start, role.end):
                    found.append(person)
                    break
        return found


def load_reference(data_dir: str | None = None) -> Reference:
    """Bundled tables plus the user's additions from ``data_dir``."""
    ref = Reference()
    for row in _rows("countries.csv", data_dir):
        _add_country(ref, row)
    for row in _rows("organizations.csv", data_dir):
        _add_organization(ref, row)
    for row in _rows("officeholders.csv", data_dir):
        _add_office(ref, row)
    return ref


def country_id(code: str) -> str:
    return f"country:{code}"


def _rows(name: str, data_dir: str | None) -> list[dict[str, str]]:
    bundled = resources.files("accord").joinpath("data", name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(bundled.splitlines()))
    if data_dir:
        path = Path(data_dir) / name
        if path.exists():
            try:
                with path.open(encoding="utf-8", newline="") as handle:
                    rows.extend(csv.DictReader(handle))
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                raise AccordError(f"{path}: cannot read reference table: {exc}") from exc
    return rows


def _split(cell: str | None, sep: str = "|") -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split(sep) if p.strip())


def _add(ref: Reference, surface: str, entry: Entry, *, exact: bool = False) -> None:
    table = ref.exact if exact else ref.folded
    key = surface if exact else ascii_lower(surface).strip()
    if entry not in table[key]:
        table[key].append(entry)


def _add_country(ref: Reference, row: dict[str, str]) -> None:
    code = row["alpha3"].strip().upper()
    cities = tuple(_split(c, "/") for c in _split(row.get("cities")))
    country = Country(
        code,
        row["name"].strip(),
        _split(row.get("aliases")),
        _split(row.get("demonyms")),
        (row.get("capital") or "").strip(),
        _split(row.get("capital_aliases")),
        cities,
    )
    ref.countries[code] = country
    for surface in (country.name, *country.aliases):
        _add(
            ref,
            surface,
            Entry("country", country_id(code), code),
            exact=surface.isupper() and len(surface) <= 5,
        )
    for demonym in country.demonyms:
        _add(
            ref,
            demonym,
            Entry("demonym", country_id(code), code),
            exact=demonym.isupper() and len(demonym) <= 5,
        )
    if country.capital:
        _add_place(ref, "capital", (country.capital, *country.capital_aliases), code)
    for city in cities:
        _add_place(ref, "city", city, code)


def _add_place(ref: Reference, kind: str, names: tuple[str, ...], code: str) -> None:
    place = f"place:{slug(names[0])}"
    ref.places[place] = (names[0], code)
    for surface in names:
        _add(ref, surface, Entry(kind, place, code))


def _add_organization(ref: Reference, row: dict[str, str]) -> None:
    org = Organization(
        row["id"].strip(),
        row["name"].strip(),
        _split(row.get("acronyms")),
        _split(row.get("aliases")),
        (row.get("kind") or "organization").strip(),
        _split(row.get("members")),
    )
    ref.organizations[org.key] = org
    entry = Entry("organization", f"org:{org.key}")
    for acronym in org.acronyms:
        _add(ref, acronym, entry, exact=True)
    for surface in (org.name, *org.aliases):
        _add(ref, surface, entry)


def _add_office(ref: Reference, row: dict[str, str]) -> None:
    name = row["name"].strip()
    person_id = f"person:{slug(name)}"
    person = ref.people.setdefault(person_id, Person(person_id, name))
    for alias in (name, *_split(row.get("aliases"))):
        if alias not in person.aliases:
            person.aliases.append(alias)
        ref.person_keys[name_key(alias)].add(person_id)
        _add(ref, alias, Entry("person", person_id, (row.get("country") or "").strip() or None))
    person.roles.append(
        Role(
            title=row["title"].strip(),
            country=(row.get("country") or "").strip() or None,
            organization=(row.get("organization") or "").strip() or None,
            start=(row.get("start") or "").strip() or None,
            end=(row.get("end") or "").strip() or None,
        )
    )


def _within(on: str, start: str | None, end: str | None) -> bool:
    """Partial ISO dates compare by their common prefix length."""

    def before_or_same(a: str, b: str) -> bool:
        n = min(len(a), len(b))
        return a[:n] <= b[:n]

    return (start is None or before_or_same(start, on)) and (end is None or before_or_same(on, end))
