"""Resolving person mentions inside one document.

Identity is decided by names, aliases, roles and context, never by string
similarity alone:
- a full name (given + surname) starts a person; transliteration variants of
  it (Japarov / Zhaparov) are the same person when the given names agree;
- a form of address (given name + patronymic: "Sadyr Nurgozhoevich") joins
  the person of that given name in the document or in the reference table;
- a surname alone joins the one person of that surname introduced in the
  document; with two (a father and a son) the title next to it decides, and
  without one the mention stays unresolved;
- a role alone ("the Kyrgyz leader") joins the person holding that role in
  the document, else the reference office holder on the document's date;
- authors (bylines) are never actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accord.analyze import patterns as P
from accord.analyze.names import fold_token, name_key, slug, split_person_name
from accord.analyze.reference import Reference
from accord.analyze.types import LocalActor, Mention
from accord.models import Role


@dataclass(slots=True)
class PersonCandidate:
    start: int
    end: int
    text: str
    name: str
    how: str
    actor: str | None = None


@dataclass(slots=True)
class _Person:
    """A person as the document knows them."""

    given: list[str]
    surname: str | None
    id: str | None = None
    first: int = 1 << 30  # offset of the first mention
    names: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    def full_name(self) -> str:
        full = [n for n in self.names if len(n.split()) >= 2 and not _has_patronymic(n)]
        return max(full or self.names, key=len)


def resolve_people(
    candidates: list[PersonCandidate], text: str, ctx, ref: Reference
) -> list[tuple[Mention, LocalActor | None]]:
    """Mentions (with actor ids where resolved) and the people they refer to."""
    authors = {name_key(a) for a in ctx.authors}
    people: list[_Person] = []
    assigned: dict[int, _Person | None] = {}
    order = sorted(range(len(candidates)), key=lambda i: _pass(candidates[i]))
    for i in order:
        c = candidates[i]
        if name_key(c.name) in authors or _surname_key(c.name) in {
            a.split()[-1] for a in authors if a
        }:
            assigned[i] = None
            continue
        role = _role_near(text, c, ctx, ref)
        person = _match(c, role, people, ref, ctx.published)
        if person is not None and role is not None and role not in person.roles:
            person.roles.append(role)
        assigned[i] = person
    results = [
        _mention(c, assigned.get(i), ctx)
        for i, c in enumerate(candidates)
        if not (assigned.get(i) is None and _is_author(c, authors))
    ]
    results += _role_only(text, candidates, people, ctx, ref)
    return [(m, _actor(p, ref)) for m, p in results]


def _pass(c: PersonCandidate) -> tuple[int, int]:
    """Full names first, then forms of address, then surnames alone, in text order."""
    given, patronymic, surname = split_person_name(c.name)
    rank = 0 if given and surname else 1 if patronymic else 2
    return rank, c.start


def _match(
    c: PersonCandidate, role: Role | None, people: list[_Person], ref: Reference, on: str | None
) -> _Person | None:
    given, patronymic, surname = split_person_name(c.name)
    if given and surname:
        return _by_full_name(c, given, surname, people, ref)
    if patronymic and given:
        return _by_address(c, given, people, ref)
    if surname:
        return _by_surname(c, surname, role, people, ref, on)
    return None


def _by_full_name(
    c: PersonCandidate, given: list[str], surname: str, people: list[_Person], ref: Reference
) -> _Person:
    for person in people:
        if (
            person.surname
            and fold_token(person.surname) == fold_token(surname)
            and person.given
            and fold_token(person.given[0]) == fold_token(given[0])
        ):
            _add_name(person, c.text, c.start)
            return person
    matches = ref.people_named(c.name)
    person = _Person(given, surname, id=next(iter(matches)) if len(matches) == 1 else None)
    person.id = person.id or c.actor or f"person:{slug(c.name)}"
    _add_name(person, c.text, c.start)
    people.append(person)
    return person


def _by_address(
    c: PersonCandidate, given: list[str], people: list[_Person], ref: Reference
) -> _Person | None:
    same = [p for p in people if p.given and fold_token(p.given[0]) == fold_token(given[0])]
    if len(same) == 1:
        _add_name(same[0], c.text, c.start)
        return same[0]
    matches = ref.people_named(c.name)
    if len(matches) == 1:
        person_id = next(iter(matches))
        known = next((p for p in people if p.id == person_id), None)
        if known is None:
            known = _Person(given, None, id=person_id)
            people.append(known)
        _add_name(known, c.text, c.start)
        return known
    return None


def _by_surname(
    c: PersonCandidate,
    surname: str,
    role: Role | None,
    people: list[_Person],
    ref: Reference,
    on: str | None,
) -> _Person | None:
    key = fold_token(surname)
    same = [p for p in people if p.surname and fold_token(p.surname) == key]
    if len(same) > 1 and role is not None:
        same = [p for p in same if _holds(p, role, ref, on)]
    if len(same) > 1:
        # A surname refers back: only people already introduced can be meant.
        earlier = [p for p in same if p.first < c.start]
        same = earlier if len(earlier) == 1 else same
    if len(same) == 1:
        _add_name(same[0], c.text, c.start)
        return same[0]
    if same:
        return None  # two people of that surname and nothing to tell them apart
    matches = ref.people_named(surname)
    if len(matches) > 1 and role is not None:
        matches = {m for m in matches if _ref_holds(ref, m, role, on)}
    if not matches:  # someone the document names by surname only
        person = _Person([], surname, id=f"person:{slug(surname)}")
        _add_name(person, c.text, c.start)
        people.append(person)
        return person
    if len(matches) != 1:
        return None
    person_id = next(iter(matches))
    known = next((p for p in people if p.id == person_id), None)
    if known is None:
        known = _Person([], surname, id=person_id)
        people.append(known)
    _add_name(known, c.text, c.start)
    return known


def _holds(person: _Person, role: Role, ref: Reference, on: str | None) -> bool:
    if any(_same_title(r.title, role.title) for r in person.roles):
        return True
    return person.id is not None and _ref_holds(ref, person.id, role, on)


def _ref_holds(ref: Reference, person_id: str, role: Role, on: str | None) -> bool:
    person = ref.people.get(person_id)
    if person is None:
        return False
    return any(
        person in ref.holders(r.title, role.country, on)
        for r in person.roles
        if _same_title(r.title, role.title)
    )


def _same_title(a: str, b: str) -> bool:
    a, b = canonical_title(a), canonical_title(b)
    return a == b or a.startswith(b) or b.startswith(a)


def canonical_title(title: str) -> str:
    """'Minister of Foreign Affairs' and 'Foreign Minister' are one title."""
    title = re.sub(r"\s+", " ", title.lower().rstrip(".")).strip()
    title = re.sub(r"^((?:first )?deputy )?minister of (?:the )?(.+)$", r"\1\2 minister", title)
    return title.replace("foreign affairs minister", "foreign minister")


def _role_near(text: str, c: PersonCandidate, ctx, ref: Reference) -> Role | None:
    """The title printed right before or after a name, with its country."""
    sentence = ctx.sentences[ctx.sentence_at(c.start)] if ctx.sentences else None
    lo = sentence.start if sentence else max(0, c.start - 120)
    hi = sentence.end if sentence else c.end + 120
    before = P.TITLE_BEFORE.search(text[lo : c.start])
    after = P.TITLE_AFTER.match(text[c.end : hi])
    match = before or after
    if match is None:
        return None
    title = match.group("title").rstrip(".")
    if title.lower() in {"mr", "mrs", "ms", "dr"}:
        return None
    country = _country_of(match.group("adj"), ref) or _country_of(match.group("of"), ref)
    organization = None
    if country is None and match.group("of"):
        organization = match.group("of")
        title = f"{title} of {match.group('of')}"
    return Role(title=title, country=country, organization=organization)


def _country_of(phrase: str | None, ref: Reference) -> str | None:
    if not phrase:
        return None
    for entry in ref.lookup(re.sub(r"['’]s$", "", phrase)):
        if entry.kind in ("country", "demonym") and entry.country:
            return entry.country
    return None


def _role_only(
    text: str, candidates: list[PersonCandidate], people: list[_Person], ctx, ref: Reference
) -> list[tuple[Mention, _Person]]:
    """'the Kyrgyz leader', 'the head of state': the person holding that role."""
    taken = [(c.start, c.end) for c in candidates]
    found = []
    matches = [*P.ROLE_ONLY.finditer(text), *P.ROLE_OF.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        start, end = match.span()
        if any(start < e and end > s for s, e in taken) or match.group("role") == "counterpart":
            continue
        country = _country_of(match.group("adj"), ref)
        if match.group("adj") and country is None:
            continue
        person = _holder(match.group("role").lower(), country, people, ref, ctx.published)
        if person is not None:
            mention = Mention(
                start=start,
                end=end,
                text=match.group(0),
                sentence=ctx.sentence_at(start),
                kind="person",
                actor=person.id,
                how="role",
                role=match.group("role"),
            )
            found.append((mention, person))
            taken.append((start, end))
    return found + _groups(text, taken, people, ctx, ref)


def _groups(
    text: str, taken: list[tuple[int, int]], people: list[_Person], ctx, ref: Reference
) -> list[tuple[Mention, _Person]]:
    """'The two presidents': one mention per head of state, when the document names two.

    A head of state is a person the text gives such a title, or one the table of office
    holders says held it on the publication day (a readout may name a guest without title).
    """
    heads = [p for p in people if p.id and _head_of_state(p, ref, ctx.published)]
    if len(heads) > 2:  # the two named most often: the pair the article is about
        mentions = {id(p): len(p.names) for p in heads}
        heads = sorted(heads, key=lambda p: -mentions[id(p)])[:2]
    if len(heads) != 2:
        return []
    found = []
    for match in P.GROUP.finditer(text):
        start, end = match.span()
        if any(start < e and end > s for s, e in taken):
            continue
        for person in heads:
            mention = Mention(
                start=start,
                end=end,
                text=match.group(0),
                sentence=ctx.sentence_at(start),
                kind="person",
                actor=person.id,
                how="group",
                role=match.group("group"),
            )
            found.append((mention, person))
    return found


def _head_of_state(person: _Person, ref: Reference, on: str | None) -> bool:
    if any(r.title.lower() in P.HEAD_OF_STATE_TITLES for r in person.roles):
        return True
    known = ref.people.get(person.id or "")
    return bool(known and on and known.held(P.HEAD_OF_STATE_TITLES, on))


def _holder(
    role: str, country: str | None, people: list[_Person], ref: Reference, on: str | None
) -> _Person | None:
    head_of_state = role in P.HEAD_OF_STATE_TITLES
    title = "President" if head_of_state else role.title()
    same = [
        p
        for p in people
        if any(
            (
                r.title.lower() in P.HEAD_OF_STATE_TITLES
                if head_of_state
                else _same_title(r.title, title)
            )
            and (country is None or r.country == country)
            for r in p.roles
        )
    ]
    if len(same) == 1:
        return same[0]
    if country is None or on is None or same:
        return None
    holders = ref.holders(title, country, on)
    if len(holders) != 1:
        return None
    known = next((p for p in people if p.id == holders[0].id), None)
    if known is None:
        known = _Person([], None, id=holders[0].id, names=[holders[0].name])
        people.append(known)
    return known


def _mention(c: PersonCandidate, person: _Person | None, ctx) -> tuple[Mention, _Person | None]:
    mention = Mention(
        start=c.start,
        end=c.end,
        text=c.text,
        sentence=ctx.sentence_at(c.start),
        kind="person",
        actor=person.id if person else None,
        how=c.how,
    )
    return mention, person


def _actor(person: _Person | None, ref: Reference) -> LocalActor | None:
    if person is None or person.id is None:
        return None
    known = ref.people.get(person.id)
    name = known.name if known else person.full_name()
    roles = _roles(person.roles, known)
    country = next((r.country for r in roles if r.country), None)
    if country is None and known:
        country = next((r.country for r in known.roles if r.country), None)
    return LocalActor(
        id=person.id,
        name=name,
        kind="person",
        country=country,
        roles=roles,
        aliases=list(dict.fromkeys(person.names)),
    )


def _roles(roles: list[Role], known) -> list[Role]:
    """Roles seen in the text; a title without a country takes it from the same title seen
    with one, or from the reference office holder; duplicates go."""
    result: list[Role] = []
    for role in roles:
        if role.country is None:
            same = [r for r in roles if r.country and _same_title(r.title, role.title)]
            if same:
                continue
            if known:
                held = [r for r in known.roles if _same_title(r.title, role.title) and r.country]
                if held:
                    role = role.model_copy(update={"country": held[0].country})
        if role not in result:
            result.append(role)
    return result


def _add_name(person: _Person, name: str, start: int | None = None) -> None:
    if name not in person.names:
        person.names.append(name)
    if start is not None:
        person.first = min(person.first, start)


def _has_patronymic(name: str) -> bool:
    return split_person_name(name)[1] is not None


def _surname_key(name: str) -> str:
    parts = re.split(r"\s+", name.strip())
    return fold_token(parts[-1]) if len(parts) == 1 else ""


def _is_author(c: PersonCandidate, authors: set[str]) -> bool:
    return name_key(c.name) in authors or _surname_key(c.name) in {
        a.split()[-1] for a in authors if a
    }
