"""Actor mentions in one document and the actors they refer to.

Candidates come from the reference tables (gazetteer), the model's named
entities, and patterns (titles, forms of address, facilities, bodies).
Overlaps are settled by priority: a facility named after a poet is a
facility, never the poet; a commission's name holds no separate country.
People are then resolved inside the document (:mod:`accord.analyze.people`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from accord.analyze import patterns as P
from accord.analyze.gazetteer import Gazetteer
from accord.analyze.names import ascii_lower, slug
from accord.analyze.people import PersonCandidate, resolve_people
from accord.analyze.reference import Reference
from accord.analyze.types import LocalActor, Mention, Sentence

_PRIORITY = {
    "facility": 100, "institution": 90, "organization": 80, "person-ref": 65, "person": 65,
    "country": 50, "demonym": 50, "capital": 45, "city": 45, "ner-org": 30, "ner-place": 20,
}  # fmt: skip
_NOT_NAMES = {
    "president", "minister", "the", "mr", "mrs", "ms", "dr", "his", "her", "their", "today",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "dear", "excellency", "navruz", "nowruz", "allah", "god", "heads", "state", "ministers", "brotherly", "kurultai",
}  # fmt: skip


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    kind: str  # key of _PRIORITY
    actor: str | None = None
    country: str | None = None
    name: str | None = None
    how: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class DocContext:
    """What actor finding needs to know about the document."""

    published: str | None
    authors: list[str]
    sentences: list[Sentence]
    outlet: str | None = None  # the publisher itself is never an actor of its own story
    cited: list[str] = field(default_factory=list)  # agencies the text cites as its source
    _starts: list[int] = field(default_factory=list)

    def sentence_at(self, offset: int) -> int:
        if not self._starts:
            self._starts = [s.start for s in self.sentences]
        return max(0, bisect_right(self._starts, offset) - 1)


def find_actors(
    doc: Doc, ctx: DocContext, gazetteer: Gazetteer
) -> tuple[list[Mention], list[LocalActor]]:
    """Mentions of actors in ``doc`` and the document-level actors they resolve to."""
    ref = gazetteer.reference
    text = doc.text
    candidates = _facilities(text) + _institutions(text, ref) + _from_gazetteer(doc, gazetteer)
    candidates += _people_candidates(doc, text, ref)
    candidates += _other_entities(doc, ref)
    candidates += _cited_agencies(text, ctx.cited, ref)
    outlet = (ctx.outlet or "").lower()
    cited = {s.lower() for s in ctx.cited}
    chosen = [c for c in _select(candidates) if c.text.lower() != outlet]
    for c in chosen:
        if c.text.lower() in cited and c.kind not in ("person", "person-ref"):
            # An agency the story cites is an actor, but not one taking part in its events.
            c.how = "cited source"
            if c.kind.startswith("ner-"):
                c.kind, c.actor = "ner-org", f"org:{slug(c.text)}"
    people = [
        PersonCandidate(c.start, c.end, c.text, c.name or c.text, c.how, c.actor)
        for c in chosen
        if c.kind in ("person", "person-ref")
    ]
    people += _surname_repeats(text, people, chosen)
    resolved = resolve_people(people, text, ctx, ref)
    _place_institutions(chosen, ref, [a for _, a in resolved if a is not None])
    mentions: list[Mention] = []
    actors: dict[str, LocalActor] = {}
    for c in chosen:
        if c.kind not in ("person", "person-ref"):
            _add_mention(mentions, actors, c, ctx, ref)
    for mention, actor in resolved:
        mentions.append(mention)
        if actor is not None:
            _merge_actor(actors, actor)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions, list(actors.values())


def _facilities(text: str) -> list[Candidate]:
    found = []
    for pattern in (P.FACILITY_AFTER, P.FACILITY_NAMED, P.FACILITY_LOWER):
        for span in P.finditer(pattern, text):
            name = _strip_determiner(span.text.strip())
            start = span.start + span.text.index(name)
            key = slug(re.sub(r"\b(?:state|the)\b", " ", name, flags=re.I))
            found.append(
                Candidate(
                    start,
                    start + len(name),
                    name,
                    "facility",
                    actor=f"{'place' if _AREA.search(name) else 'facility'}:{key}",
                    how="facility pattern",
                )
            )
    return found


_AREA = re.compile(r"\b(?:district|region|province|oblast)$", re.I)


def _strip_determiner(name: str) -> str:
    return re.sub(r"^(?:an?|the)\s+", "", name, flags=re.I)


def _institutions(text: str, ref: Reference) -> list[Candidate]:
    """Councils, commissions, funds, ministries: ids are settled once countries are known."""
    found = []
    for span in P.finditer(P.INSTITUTION_NAMED, text):
        name = _trim_institution(_strip_determiner(span.text), ref)
        if ref.lookup(name) or len(name.split()) < 2:
            continue  # a reference organisation, or a bare "Council"
        start = span.start + span.text.index(name)
        found.append(
            Candidate(start, start + len(name), name, "institution", how="institution pattern")
        )
    for span in P.finditer(P.INSTITUTION_LOWER, text):
        name = _strip_determiner(span.text)
        start = span.start + span.text.index(name)
        found.append(
            Candidate(start, start + len(name), name, "institution", how="institution pattern")
        )
    return found + _press_services(text, ref)


def _press_services(text: str, ref: Reference) -> list[Candidate]:
    """A head of state's press service, when the text says whose it is."""
    found = []
    for match in P.PRESS_SERVICE.finditer(text):
        words = [match.group(g) for g in ("adj", "adj2", "of") if match.group(g)]
        countries = {
            e.country
            for w in words
            for e in ref.lookup(w)
            if e.kind in ("country", "demonym") and e.country
        }
        if len(countries) != 1:
            continue  # 'the presidential press service' of a country the text does not name
        country = countries.pop()
        found.append(
            Candidate(
                match.start(),
                match.end(),
                match.group(0),
                "institution",
                actor=f"institution:presidential-press-service:{country}",
                country=country,
                how="press service",
                extra={"fixed": "1"},
            )
        )
    return found


def _trim_institution(name: str, ref: Reference) -> str:
    """Cut a body's name after the country it belongs to ('... of Kyrgyzstan Almazbek Usenov')."""
    words = name.split(" ")
    for i, word in enumerate(words):
        if (
            i > 1
            and words[i - 1] in ("of", "the")
            and any(e.kind == "country" for e in ref.lookup(word.rstrip(",.;")))
        ):
            return " ".join(words[: i + 1]).rstrip(",.;")
    return name.rstrip(",.;")


def _place_institutions(chosen: list[Candidate], ref: Reference, people: list[LocalActor]) -> None:
    """Give each institution its id: its kind of body plus the countries it belongs to.

    Naming variants of one body in one relationship share an id: 'Intergovernmental
    Commission on Economic Cooperation', 'joint intergovernmental commission' and
    'Kyrgyz-Uzbek Intergovernmental Commission' are all intergovernmental-commission:KGZ-UZB.
    """
    main = _main_countries(chosen, people)
    for c in chosen:
        if c.kind != "institution" or c.extra.get("fixed"):
            continue
        name = c.text
        countries = sorted(
            {
                e.country
                for w in re.findall(r"[A-Z][\w’']+", name)
                for e in ref.lookup(_possessive(w))
                if e.kind in ("demonym", "country") and e.country
            }
        )
        head = _institution_head(name)
        before_head = ascii_lower(name).split(head)[0]
        words = re.findall(r"[a-z]+", before_head if head not in _TAIL_NAMED else ascii_lower(name))
        core = [
            w
            for w in words
            if w in P.INSTITUTION_CORE_WORDS
            and w not in P.GENERIC_BODY_WORDS
            and w not in head.split()
        ]
        bilateral = any(
            w in ascii_lower(name)
            for w in ("intergovernmental", "interstate", "joint", "bilateral", "inter-state")
        )
        if bilateral and len(countries) < 2 and main:
            countries = main
        key = "-".join([*dict.fromkeys(core), *head.split()]) or slug(name)
        suffix = f":{'-'.join(countries)}" if countries else ""
        c.actor = f"institution:{key}{suffix}"
        c.country = countries[0] if len(countries) == 1 else None


_TAIL_NAMED = {"ministry", "agency", "committee", "service"}  # named by what follows: Ministry of X


def _possessive(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def _institution_head(name: str) -> str:
    match = re.search(
        r"(cabinet of ministers|working group|council|commission|committee|fund|"
        r"chamber|board|agency|ministry|bank|corporation|company|centre|center|"
        r"service|parliament|senate|assembly|court|administration|secretariat|"
        r"kenesh|majlis|maslahaty|mejlis|office)",
        name.lower(),
    )
    return match.group(1) if match else "body"


def _main_countries(chosen: list[Candidate], people: list[LocalActor]) -> list[str]:
    """The two countries a document is most about: the relationship its bodies belong to."""
    counts: dict[str, int] = {}
    found = [c.country for c in chosen if c.kind in ("country", "demonym", "capital", "city")]
    for code in [*found, *(p.country for p in people)]:
        if code:
            counts[code] = counts.get(code, 0) + 1
    top = sorted(counts, key=lambda code: (-counts[code], code))[:2]
    return sorted(top) if len(top) == 2 else []


def _from_gazetteer(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    found = []
    for match in gazetteer(doc):
        people = [e for e in match.entries if e.kind == "person"]
        if people:
            actor = people[0].id if len(people) == 1 else None
            found.append(
                Candidate(
                    match.start,
                    match.end,
                    match.text,
                    "person-ref",
                    actor=actor,
                    name=match.text,
                    how="reference alias",
                )
            )
            continue
        entry = match.entries[0]
        kind = {"organization": "organization"}.get(entry.kind, entry.kind)
        found.append(
            Candidate(
                match.start,
                match.end,
                match.text,
                kind,
                actor=entry.id,
                country=entry.country,
                how=f"gazetteer {entry.kind}",
            )
        )
    return found


def _people_candidates(doc: Doc, text: str, ref: Reference) -> list[Candidate]:
    found = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            if text[max(0, ent.start_char - 4) : ent.start_char].lower() == "the ":
                continue  # 'met in the Akorda': a person's name takes no article
            found += _person_candidate(ent.start_char, ent.text, "named entity", ref)
        elif ent.label_ in ("ORG", "GPE") and len(ent) == 1 and _SURNAME.search(ent.text):
            # The small model often tags a lone Central Asian surname as ORG or GPE.
            found += _person_candidate(ent.start_char, ent.text, "named entity", ref)
    for match in P.TITLED_NAME.finditer(text):
        if match.group("title").rstrip(".").lower() not in {"general"}:
            found += _person_candidate(match.start("name"), match.group("name"), "title", ref)
    for pattern in (P.APPOSITIVE_NAME, P.SAID_NAME):
        for match in pattern.finditer(text):
            found += _person_candidate(match.start("name"), match.group("name"), "title", ref)
    for match in P.PATRONYMIC.finditer(text):
        found += _person_candidate(match.start("name"), match.group("name"), "form of address", ref)
    return found


_SURNAME = re.compile(r"^[A-Z][a-z]+(?:ov|ev|yev|ova|eva|yeva|enko|uly|kyzy)$")


def _person_candidate(start: int, raw: str, how: str, ref: Reference) -> list[Candidate]:
    name = re.sub(r"(?:['’]s|['’])$", "", raw).strip().strip("-–")
    words = name.split()
    # A title phrase can leak into a name: 'President of the Kyrgyz Republic Sadyr Japarov'.
    while len(words) > 2 and (
        words[0].lower() in _NOT_NAME_START
        or any(e.kind in ("country", "demonym") for e in ref.lookup(words[0]))
    ):
        words = words[1:]
    name = " ".join(words)
    start += raw.find(name)
    if not _name_like(name) or any(e.kind != "person" for e in ref.lookup(name)):
        return []
    return [Candidate(start, start + len(name), name, "person", name=name, how=how)]


def _surname_repeats(
    text: str, people: list[PersonCandidate], chosen: list[Candidate]
) -> list[PersonCandidate]:
    """Later bare uses of a surname the document introduced with a full name ('Ismailov thanked')."""
    surnames = {c.name.split()[-1] for c in people if len(c.name.split()) >= 2}
    taken = [(c.start, c.end) for c in chosen]
    found = []
    for surname in surnames:
        if not _SURNAME_TOKEN.match(surname):
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e in taken):
                found.append(PersonCandidate(start, end, surname, surname, "surname"))
                taken.append((start, end))
    return found


_SURNAME_TOKEN = re.compile(r"^[A-Z][a-z’'\-]{2,}$")
_NOT_NAME_START = {
    "republic", "federation", "kingdom", "states", "emirates", "union", "islands", "arabia",
    "of", "the", "and",
}  # fmt: skip


def _name_like(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 5:
        return False
    if any(w.lower().strip(".,") in _NOT_NAMES for w in words):
        return False
    return all(w[:1].isupper() for w in words) and not any(ch.isdigit() for ch in name)


_DOCUMENT_WORDS = re.compile(
    r"\b(?:Programme|Program|Treaty|Declaration|Memorandum|Agreement|Statement|Roadmap|Road Map|"
    r"Plan|Concept|Protocol|Strategy|Charter|Convention|Communiqu[eé]|Days|Year|Week|Decade)\b"
)


def _adjectival(ent) -> bool:
    """A one-word entity used as a modifier ('Turkic investment platform') names no actor."""
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return ent[0].pos_ == "ADJ" or (
        following is not None and following.is_lower and following.is_alpha
    )


def _other_entities(doc: Doc, ref: Reference) -> list[Candidate]:
    """Named entities no table or pattern knows: organisations and places."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "GPE", "LOC"):
            continue
        text = re.sub(r"^(?:the|The)\s+", "", ent.text)
        start = ent.end_char - len(text)
        if (
            len(text) < 3
            or not text[:1].isupper()
            or ref.lookup(text)
            or "," in text
            or _DOCUMENT_WORDS.search(text)
            or text.lower() in _NOT_NAMES
            or (len(ent) == 1 and _adjectival(ent))
        ):
            continue
        if ent.label_ == "ORG":
            found.append(
                Candidate(
                    start,
                    ent.end_char,
                    text,
                    "ner-org",
                    actor=f"org:{slug(text)}",
                    how="named entity",
                )
            )
        else:
            found.append(
                Candidate(
                    start,
                    ent.end_char,
                    text,
                    "ner-place",
                    actor=f"place:{slug(text)}",
                    how="named entity",
                )
            )
    return found


def _cited_agencies(text: str, cited: list[str], ref: Reference) -> list[Candidate]:
    """The agencies a story cites ('according to UzA') wherever the text names them."""
    found = []
    for agency in cited:
        if len(agency) < 3 or not agency[:1].isupper() or ref.lookup(agency):
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(agency)}(?!\w)", text):
            found.append(
                Candidate(
                    match.start(),
                    match.end(),
                    agency,
                    "ner-org",
                    actor=f"org:{slug(agency)}",
                    how="cited source",
                )
            )
    return found


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: table and pattern matches before bare entities, then longest.

    Longest first means 'Cholpon-Ata' (a town) beats a stray 'Ata' (a person) and
    'Alisher Navoi Theatre' beats the poet inside it.
    """
    ordered = sorted(
        candidates,
        key=lambda c: (c.kind.startswith("ner-"), -(c.end - c.start), -_PRIORITY[c.kind], c.start),
    )
    taken: list[Candidate] = []
    for c in ordered:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def _add_mention(
    mentions: list[Mention],
    actors: dict[str, LocalActor],
    c: Candidate,
    ctx: DocContext,
    ref: Reference,
) -> None:
    kind = "place" if (c.actor or "").startswith("place:") else _actor_kind(c.kind)
    mentions.append(
        Mention(
            start=c.start,
            end=c.end,
            text=c.text,
            sentence=ctx.sentence_at(c.start),
            kind=kind,
            actor=c.actor,
            how=c.how,
        )
    )
    if c.actor is None:
        return
    _merge_actor(
        actors,
        LocalActor(
            id=c.actor, name=_display_name(c, ref), kind=kind, country=c.country, aliases=[c.text]
        ),
    )


def _actor_kind(kind: str) -> str:
    return {
        "demonym": "country",
        "capital": "place",
        "city": "place",
        "ner-org": "organization",
        "ner-place": "place",
        "person-ref": "person",
    }.get(kind, kind)


def _display_name(c: Candidate, ref: Reference) -> str:
    if c.actor and c.actor.startswith("country:"):
        return ref.countries[c.actor.split(":", 1)[1]].name
    if c.actor and c.actor.startswith("org:") and c.actor[4:] in ref.organizations:
        return ref.organizations[c.actor[4:]].name
    if c.actor in ref.places:
        return ref.places[c.actor][0]
    return c.text


def _merge_actor(actors: dict[str, LocalActor], actor: LocalActor) -> None:
    known = actors.get(actor.id)
    if known is None:
        actors[actor.id] = actor.model_copy(deep=True)
        return
    for alias in actor.aliases:
        if alias not in known.aliases:
            known.aliases.append(alias)
    for role in actor.roles:
        if role not in known.roles:
            known.roles.append(role)
    if len(actor.name) > len(known.name) and actor.kind == "person":
        known.name = actor.name
    known.country = known.country or actor.country
