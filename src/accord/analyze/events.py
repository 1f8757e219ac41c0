"""Typed events of one document: who did what with whom, when, where, in what format.

Candidates are trigger words of the diplomatic lexicon (:mod:`accord.analyze.lexicon`);
each is validated by its clause's mood (only what happened is an event; what
will or may happen becomes a commitment elsewhere, what did not happen is
dropped) and given participants, a date, a place, a mode and an occasion
from its sentence. Sentences describing one meeting are then merged into
one event with several evidence sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from accord.analyze.clauses import Mood, dates_trigger, mood_of, same_clause
from accord.analyze.lexicon import BY_NAME, EVENT_TYPES, HAPPENED, LIGHT_VERBS, MODES, EventType
from accord.analyze.types import LocalActor, Mention, Sentence, TimeMention
from accord.models import Event, Evidence

_PARTICIPANT_KINDS = {"person", "country", "organization", "institution"}
_MODE_PATTERNS = [(re.compile(p, re.I), mode) for p, mode in MODES]
_OCCASION = re.compile(
    r"\b(?:on the (?:sidelines|margins) of|during|at|within the framework of|ahead of|as part of)"
    r"\s+(?:the\s+)?(?P<occ>(?:[\w.'’-]+\s+){0,7}?(?:summit|forum|session|conference|congress|"
    r"meeting of the council|council of heads of state))\b",
    re.I,
)
# The occasion's host, after its name: ', hosted by Azerbaijani President Ilham Aliyev'.
_HOSTED = re.compile(
    r"(?:\s+of\s+[^,;.]{1,80})?(?:\s*\([^)]{1,20}\))?,\s+(?:hosted|chaired|organi[sz]ed|convened)"
    r"\s+by\s+[^,;.]+",
    re.I,
)
_ORDINAL = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d+(?:st|nd|rd|th)|informal|extraordinary|regular|jubilee|anniversary)$",
    re.I,
)
_VERBS = {
    "meeting": "met", "agreement_signing": "signed documents", "establishment": "established",
    "invitation": "invited", "congratulation": "congratulated", "praise": "praised",
    "statement_of_support": "supported", "cooperation": "cooperated", "aid": "aided",
}  # fmt: skip


@dataclass(slots=True)
class Found:
    """An event as found in one sentence, before merging."""

    type: EventType
    sentences: list[int]
    trigger: str
    participants: list[str] = field(default_factory=list)
    source: str | None = None
    target: str | None = None
    date: TimeMention | None = None
    location: str | None = None
    location_country: str | None = None  # ISO code of the place's country, for comparisons
    location_is_country: bool = False
    mode: str | None = None
    occasion: str | None = None
    anaphoric: bool = False  # 'The meeting was co-chaired by ...' continues the last meeting
    in_passing: bool = False  # named to place another event in time ('since the visit')
    quoted: bool = False  # inside someone's quoted words
    at: int = -1  # the trigger's token index in the document


@dataclass(slots=True)
class EventContext:
    doc: Doc
    sentences: list[Sentence]
    mentions: list[Mention]
    actors: dict[str, LocalActor]
    times: list[TimeMention]
    parsed: bool
    dateline: str | None = None
    acronyms: dict[str, str] = field(default_factory=dict)  # org actor id -> short name
    speech: list[tuple[int, int, str]] = field(default_factory=list)  # quoted span, speaker


def find_events(ctx: EventContext) -> tuple[list[Found], list[tuple[Found, Mood]]]:
    """Events that happened (merged), and the future, possible or negated ones left aside."""
    happened: list[Found] = []
    other: list[tuple[Found, Mood]] = []
    for sentence in ctx.sentences:
        triggers = _triggers(ctx.doc, sentence)
        # 'met on the sidelines of the summit': the summit is when and where, not an event
        # the sentence reports (unless nothing else is)
        occasion = _occasion_span(sentence, ctx.doc)
        if occasion:
            triggers = [
                (token, kind) for token, kind in triggers if not _within(token, occasion)
            ] or triggers
        apart = [_another_event(token) for token, _ in triggers]
        for k, (token, event_type) in enumerate(triggers):
            # An event named only to place this one in time ('the first since the state visit
            # of X to Bishkek in January') is described by its own phrase, and that phrase
            # gives nothing (people, date, place, format) to the other events of the sentence.
            hidden = [
                span for j, span in enumerate(apart) if span and j != k and not _within(token, span)
            ]
            view = _view(sentence, apart[k], hidden)
            mood = mood_of(token, ctx.parsed)
            mood = _time_mood(mood, token, sentence, ctx.times)
            others = [t for j, (t, _) in enumerate(triggers) if j != k]
            outside = None if occasion and _within(token, occasion) else occasion
            found = _describe(token, event_type, view, ctx, others, outside)
            found.anaphoric = _refers_back(token, found)
            found.in_passing = apart[k] is not None
            if mood == "past":
                happened.append(found)
            else:
                other.append((found, mood))
    events = _merge(_one_per_type(happened))
    _narrative_dates(events, ctx)
    return [f for f in events if f.participants], other


_REFERS_TO_MEETING = re.compile(
    r"\b(?:the|these|today's|during the|following the|after the|end of the)\s+"
    r"(?:talks|visit|meeting|negotiations|summit|conversation|call)\b",
    re.I,
)
# What happens at a meeting, reported in the paragraph after it: greetings, thanks, invitations,
# signings.
_AROUND_A_MEETING = {
    "congratulation",
    "praise",
    "invitation",
    "agreement_signing",
    "establishment",
    "statement_of_support",
}


def _main_meeting(events: list[Found]) -> Found | None:
    """The one day-dated meeting of a document, if there is exactly one such day."""
    meetings = [
        f
        for f in events
        if f.type.name == "meeting" and f.date and f.date.precision == "day" and f.participants
    ]
    return meetings[0] if len({f.date.value for f in meetings}) == 1 else None


def _narrative_dates(events: list[Found], ctx: EventContext) -> None:
    """An undated event takes the day the narrative is at, when the article makes it clear.

    News narrates its main event and what happened around it without repeating
    the date: 'At the end of the conversation, Japarov congratulated ...',
    'Kyrgyzstan rejected the claim within hours.', 'Following the talks, nine
    documents were signed'. The reference day is the last day-precise date of a
    reported event earlier in the same paragraph, or the one dated meeting of the
    document when the sentence refers to it ('following the talks'); otherwise
    the event stays undated.
    """
    sentences = ctx.sentences
    # Dated events first within a sentence: 'the visit last June, during which he invited ...'
    ordered = sorted(events, key=lambda f: (f.sentences[0], f.date is None))
    reference: tuple[int, Found] | None = None  # (paragraph, event)
    for found in ordered:
        paragraph = sentences[found.sentences[0]].paragraph
        if found.date is not None:
            if found.date.tense != "future":
                reference = (paragraph, found)
            continue
        if found.quoted and found.type.name == "meeting":
            continue  # a visit a speaker recalls ('and my visit to Samarkand') is not dated
        source = None
        if reference and (
            paragraph == reference[0]
            or (
                paragraph == reference[0] + 1
                and reference[1].type.name == "meeting"
                and found.type.name in _AROUND_A_MEETING
            )
        ):
            source = reference[1]
        sentence = sentences[found.sentences[0]]
        if source is None and _REFERS_TO_MEETING.search(sentence.text):
            source = _main_meeting(events)  # 'Following the talks, ...' far down a readout
        if (
            source is None
            and found.type.name in _AROUND_A_MEETING
            and not _has_own_time(found, sentence, ctx)
        ):
            # A readout of one meeting: greetings, thanks, invitations and signings it reports
            # without a time of their own happened at that meeting.
            source = _main_meeting(events)
        if source is None:
            continue
        found.date = source.date
        found.location = found.location or source.location
        if not found.participants and found.type.name in ("agreement_signing", "establishment"):
            found.participants = list(source.participants)


def _has_own_time(found: Found, sentence: Sentence, ctx: EventContext) -> bool:
    """A time expression of the event's own clause that is not in the future ('invited him
    to visit next year' and 'praised the festival, which ended a week ago' have none)."""
    trigger = ctx.doc[found.at] if ctx.parsed and found.at >= 0 else None
    return any(
        sentence.start <= t.start < sentence.end
        and t.tense != "future"
        and (trigger is None or same_clause(trigger, t))
        for t in ctx.times
    )


def to_event(found: Found, doc_id: str, ctx: EventContext, event_id: str) -> Event:
    """The record event of a found (and merged) event."""
    date = found.date
    return Event(
        id=event_id,
        type=found.type.name,
        plover=found.type.plover,
        mode=found.mode,
        date=date.value if date else None,
        date_precision=date.precision if date else None,
        location=found.location,
        occasion=found.occasion,
        participants=found.participants,
        source_actor=found.source,
        target_actor=found.target,
        summary=_summary(found, ctx.actors),
        source_count=1,
        evidence=[_evidence(doc_id, ctx.sentences[i]) for i in found.sentences],
    )


def _triggers(doc: Doc, sentence: Sentence) -> list[tuple[Token, EventType]]:
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    for token in span:
        lemma = token.lemma_.lower() or token.lower_
        for event_type in EVENT_TYPES:
            if _is_verb_trigger(token, lemma, event_type) or _is_noun_trigger(
                token, lemma, event_type
            ):
                found.append((token, event_type))
                break
    return found


_PAPERS = {
    "readout", "statement", "report", "data", "figure", "video", "photo", "information", "text",
    "communique", "list", "result", "document", "footage", "record", "budget", "fund", "plot",
    "land", "money", "loan", "sum", "amount",
}  # fmt: skip


def _is_verb_trigger(token: Token, lemma: str, event_type: EventType) -> bool:
    if lemma not in event_type.verbs:
        return False
    if event_type.name in ("yield", "aid") and _about_papers(token):
        return False  # 'a readout released by', 'a plot allocated by' report no event
    if event_type.name == "aid" and token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
        return False  # 'the hospital, financed by Uzbekistan, ...': what it is, not news
    if token.pos_ in ("NOUN", "PROPN", "ADJ") or (token.tag_ in ("VBG",) and token.dep_ == "amod"):
        return False
    return token.pos_ in ("VERB", "") or token.tag_.startswith("VB")


def _about_papers(token: Token) -> bool:
    """The verb's object or passive subject is a document or a thing, not people or aid."""
    for child in (*token.children, token.head):
        if (
            child.dep_ in ("dobj", "nsubjpass")
            or (child.i == token.head.i and token.dep_ in ("acl", "relcl"))
        ) and child.lemma_.lower() in _PAPERS:
            return True
    return False


def _is_noun_trigger(token: Token, lemma: str, event_type: EventType) -> bool:
    # the word as written counts too: 'consultations', 'congratulations', 'greetings' and
    # 'sanctions' are the lexicon's words, their lemmas are not
    named = lemma in event_type.nouns or token.lower_ in event_type.nouns
    if not named or token.pos_ not in ("NOUN", ""):
        return False
    if not token.pos_ or event_type.name == "meeting":
        # Without a parse an event noun counts where it stands; so does a meeting noun with
        # one ("recalled Mirziyoyev's visit to Samarkand"): the clause's mood decides.
        return True
    head = token.head
    if token.dep_ in ("dobj", "obj") and head.lemma_ in LIGHT_VERBS:
        return True
    if token.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in HAPPENED | {"hold", "focus"}:
        return True
    # "arrived on a state visit", "during the talks", "at the meeting": an event noun under a
    # preposition of a clause that reports the event happening.
    if token.dep_ == "pobj" and head.lower_ in ("on", "during", "at", "after", "following"):
        return event_type.name == "meeting" and token.lemma_ in ("visit", "talks", "meeting")
    # "handed a note of protest", "sent a message of congratulations", "words of gratitude";
    # not "discussed issues of cooperation", "reviewed the state of cooperation": talk about
    # an event noun is no event.
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "obj"):
        return head.head.lemma_.lower() in _MESSAGES
    return token.dep_ in ("ROOT",) or (
        token.dep_ == "conj" and _is_noun_trigger(head, head.lemma_, event_type)
    )


# What conveys an event noun's act: 'a note of protest', 'words of gratitude', 'exchanged
# the instruments of ratification'.
_MESSAGES = {
    "note", "message", "letter", "telegram", "word", "words", "expression", "statement",
    "sign", "gesture", "token", "act", "declaration", "address", "speech", "instrument",
    "process", "procedure", "ceremony", "exchange",
}  # fmt: skip


# Prepositions that put a different event beside the one reported: 'the first since the
# visit', 'a week after the summit', 'ahead of the talks', 'more than at the last meeting'.
_OTHER_EVENT = {"since", "after", "before", "ahead", "than", "prior"}


def _another_event(token: Token) -> tuple[int, int] | None:
    """The character span of a noun trigger's phrase when it names another event in passing."""
    if token.pos_ != "NOUN" or token.dep_ != "pobj" or token.head.lower_ not in _OTHER_EVENT:
        return None
    subtree = list(token.subtree)
    return subtree[0].idx, subtree[-1].idx + len(subtree[-1])


def _within(token: Token, span: tuple[int, int]) -> bool:
    return span[0] <= token.idx < span[1]


def _view(
    sentence: Sentence, scope: tuple[int, int] | None, hidden: list[tuple[int, int]]
) -> Sentence:
    """The sentence as one trigger sees it: text outside its scope and inside hidden spans
    blanked (offsets kept), so mentions, dates, format and occasion come from what is left."""
    if scope is None and not hidden:
        return sentence
    chars = list(sentence.text)
    for i in range(len(chars)):
        at = sentence.start + i
        outside = scope is not None and not scope[0] <= at < scope[1]
        if outside or any(lo <= at < hi for lo, hi in hidden):
            chars[i] = " "
    return sentence.model_copy(update={"text": "".join(chars)})


def _visible(sentence: Sentence, offset: int) -> bool:
    """Whether what starts at ``offset`` is left in the trigger's view of the sentence."""
    return not sentence.text[offset - sentence.start].isspace()


_BACK_REFERENCE = {"the", "this", "that", "these"}
_NOT_THE_SAME = {"next", "previous", "last", "first", "second", "third", "another", "other"}


def _refers_back(token: Token, found: Found) -> bool:
    """'The meeting was co-chaired by ...': a definite event noun with no date or place of its
    own continues the event the article has been describing."""
    if token.pos_ != "NOUN" or found.date is not None or found.location is not None:
        return False
    words = {child.lower_ for child in token.children if child.dep_ in ("det", "amod", "poss")}
    return bool(words & _BACK_REFERENCE) and not words & _NOT_THE_SAME


def _time_mood(mood: Mood, token: Token, sentence: Sentence, times: list[TimeMention]) -> Mood:
    """A clause dated after the document's date is about the future, whatever its verb says."""
    dated = [
        t
        for t in times
        if sentence.start <= t.start < sentence.end and t.tense and same_clause(token, t)
    ]
    if mood == "past" and dated and all(t.tense == "future" for t in dated):
        return "future"
    return mood


def _describe(
    token: Token,
    event_type: EventType,
    sentence: Sentence,
    ctx: EventContext,
    others: list[Token] | None = None,
    occasion: tuple[int, int] | None = None,
) -> Found:
    """The event ``token`` triggers, as ``sentence`` describes it; ``others``: the
    sentence's other triggers, whose clauses give it no place; ``occasion``: where the
    phrase naming what the event was held at is (see :func:`_occasion_span`), which gives
    it no participants."""
    inside = [
        m
        for m in ctx.mentions
        if sentence.start <= m.start < sentence.end and _visible(sentence, m.start)
    ]
    found = Found(event_type, [sentence.index], token.text, at=token.i)
    # Who hosted or chaired the summit a meeting was held at is not at the meeting: 'met on
    # the margins of the CICA summit, chaired by Tokayev' (unless nobody else is named).
    present = [
        m
        for m in inside
        if not (occasion and occasion[0] <= m.start < occasion[1])
        and not _place_qualifier(m, inside, sentence)
        and not _role_body(m, inside, sentence)
    ]
    found.participants = _participants(present, ctx.actors) or _participants(inside, ctx.actors)
    found.quoted = any(lo <= token.idx < hi for lo, hi, _ in ctx.speech)
    speaker = _first_person(token, ctx)
    if speaker and speaker not in found.participants:
        found.participants.insert(0, speaker)  # 'my state visit to Tashkent', said by X
    found.source, found.target = _roles(token, inside, found.participants, ctx.parsed)
    found.date = _date(token, sentence, ctx.times)
    placed = [
        m
        for m in inside
        if same_clause(token, m) or not any(same_clause(other, m) for other in others or ())
    ]  # 'held talks, where they reviewed the treaty signed in Astana': Astana is the signing's
    found.location, found.location_country, found.location_is_country = _location(
        placed, sentence, ctx, token.idx
    )
    found.mode = _mode(token, sentence) if event_type.name == "meeting" else None
    if found.mode in ("phone call", "video call"):
        found.location = None  # a call has two ends; the sentence names one of them at most
    found.occasion = _occasion(sentence, inside, ctx.acronyms)
    return found


_FIRST_PERSON = {"my", "our", "i", "we"}


def _first_person(token: Token, ctx: EventContext) -> str | None:
    """The speaker of the quote the trigger is in, when the event is the speaker's own ('my
    visit', 'our talks', 'I visited')."""
    if not ctx.parsed:
        return None
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    own = any(
        c.lower_ in _FIRST_PERSON and c.dep_ in ("poss", "nsubj", "nsubjpass")
        for t in (token, verb)
        for c in t.children
    )
    if not own:
        return None
    return next((who for lo, hi, who in ctx.speech if lo <= token.idx < hi), None)


def _mode(token: Token, sentence: Sentence) -> str | None:
    """The format named near the trigger ('held talks in expanded format', 'a state visit')."""
    offset = token.idx - sentence.start
    window = sentence.text[max(0, offset - 60) : offset + len(token.text) + 60]
    return next((mode for pattern, mode in _MODE_PATTERNS if pattern.search(window)), None)


# An office before a body names a person's role: 'Chairman of the Halk Maslahaty'.
_ROLE_OF = re.compile(
    r"\b(?:chairman|chairwoman|chair|speaker|head|minister|secretary|director|president|"
    r"rector|governor|mayor|ambassador|member|spokesman|spokeswoman|spokesperson)s?\s+of\s+"
    r"(?:the\s+)?$",
    re.I,
)


def _role_body(mention: Mention, inside: list[Mention], sentence: Sentence) -> bool:
    """A body named in a named person's title ('Gurbanguly Berdimuhamedow, Chairman of the
    Halk Maslahaty', 'Chairman of the Halk Maslahaty Gurbanguly Berdimuhamedow'): the person
    takes part, not the body ('met the Speaker of the Oliy Majlis' keeps the body)."""
    if mention.kind not in ("institution", "organization"):
        return False
    offset = mention.start - sentence.start
    before = sentence.text[max(0, offset - 40) : offset]
    role = _ROLE_OF.search(before)
    if role is None:
        return False
    role_start = mention.start - len(before) + role.start()
    return any(
        m.kind == "person" and (0 <= role_start - m.end <= 2 or 0 <= m.start - mention.end <= 1)
        for m in inside
    )


def _place_qualifier(mention: Mention, inside: list[Mention], sentence: Sentence) -> bool:
    """A country naming where a place is ('SHUSHA, Azerbaijan —', 'in Osh, Kyrgyzstan')."""
    if mention.kind != "country":
        return False
    return any(
        m.kind == "place"
        and sentence.text[m.end - sentence.start : mention.start - sentence.start] == ", "
        for m in inside
    )


def _participants(inside: list[Mention], actors: dict[str, LocalActor]) -> list[str]:
    """Actors taking part: people first; a country only when none of its people is named."""
    ids = list(
        dict.fromkeys(
            m.actor
            for m in inside
            if m.actor and m.kind in _PARTICIPANT_KINDS and m.how != "cited source"
        )
    )
    people_countries = {
        actors[i].country for i in ids if i in actors and actors[i].kind == "person"
    }
    return [i for i in ids if not (i.startswith("country:") and i[8:] in people_countries)]


def _roles(
    token: Token, inside: list[Mention], participants: list[str], parsed: bool
) -> tuple[str | None, str | None]:
    """Source: the actor in the subject; target: the actor in the object or 'with ...' phrase."""
    if parsed:
        verb = token if token.pos_ == "VERB" else token.head
        subject = _actor_in(verb, ("nsubj", "nsubjpass", "agent"), inside, participants)
        target = _actor_in(
            verb, ("dobj", "dative", "prep", "attr"), inside, participants, exclude=subject
        )
        if subject or target:
            return subject, target
    people = [p for p in participants if p.startswith("person:")] or participants
    return (people[0] if people else None), (people[1] if len(people) > 1 else None)


def _actor_in(
    verb: Token,
    deps: tuple[str, ...],
    inside: list[Mention],
    participants: list[str],
    exclude: str | None = None,
) -> str | None:
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        lo = min(t.idx for t in child.subtree)
        hi = max(t.idx + len(t) for t in child.subtree)
        for mention in inside:
            if (
                lo <= mention.start < hi
                and mention.actor in participants
                and mention.actor != exclude
            ):
                return mention.actor
    return None


def _date(token: Token, sentence: Sentence, times: list[TimeMention]) -> TimeMention | None:
    """The dated expression of the trigger's clause nearest to it; day precision preferred.

    Dates in another clause ('since he took office in January 2021') and periods
    ('programme for 2022-2026') do not date the event.
    """
    dated = [
        t
        for t in times
        if sentence.start <= t.start < sentence.end
        and t.value
        and (t.kind == "date" or (t.kind == "range" and t.precision == "day"))
        and t.tense != "future"
        and _visible(sentence, t.start)
        and same_clause(token, t)
        and dates_trigger(token, t)
    ]
    if token.head.lower_ in ("after", "before", "following", "ahead") and token.pos_ == "NOUN":
        # 'returned on Wednesday after a state visit': the date belongs to the returning.
        own = {t.i for t in token.subtree}
        dated = [t for t in dated if _root_index(token, t) in own]
    if not dated:
        return None
    return min(
        dated,
        key=lambda t: (abs(t.start - token.idx), {"day": 0, "month": 1}.get(t.precision or "", 2)),
    )


def _root_index(token: Token, time: TimeMention) -> int:
    span = token.doc.char_span(time.start, time.end, alignment_mode="expand")
    return span.root.i if span is not None else -1


def _location(
    inside: list[Mention], sentence: Sentence, ctx: EventContext, trigger_at: int
) -> tuple[str | None, str | None, bool]:
    """The place the sentence puts the event in (a city, else a facility, else a country;
    the nearest to the trigger first), its country and whether it is the country itself."""
    text = ctx.doc.text
    candidates = []
    for mention in inside:
        before = text[max(sentence.start, mention.start - 30) : mention.start].lower()
        if not re.search(
            r"(?:\b(?:in|at|near)|\b(?:visit|trip|journey|travel(?:led|ed)?)\s+to)"
            r"\s+(?:the\s+)?(?:city of\s+)?$",
            before,
        ):
            continue
        rank = {"place": 0, "facility": 1, "country": 2}.get(mention.kind)
        if rank is not None and mention.actor:
            actor = ctx.actors.get(mention.actor)
            name = actor.name if actor else mention.text
            candidates.append(
                (
                    rank,
                    abs(mention.start - trigger_at),
                    name,
                    actor.country if actor else None,
                    rank == 2,
                )
            )
    # The dateline is where the report was filed, often not where the event was (a phone
    # call, a visit reported from home): it never gives an event its place.
    if not candidates:
        return None, None, False
    _, _, name, country, is_country = min(candidates)
    return name, country, is_country


def _occasion_span(sentence: Sentence, doc: Doc) -> tuple[int, int] | None:
    """Where the occasion phrase is ('on the sidelines of the CICA summit, chaired by ...'):
    with a parse, the occasion noun's whole phrase; without one, the words up to the noun."""
    match = _OCCASION.search(sentence.text)
    if not match:
        return None
    lo, hi = sentence.start + match.start(), sentence.start + match.end()
    noun = doc.char_span(hi - len(match.group("occ").split()[-1]), hi)
    if noun is not None and noun.root.dep_:
        hi = max(hi, *(t.idx + len(t) for t in noun.root.subtree))
    host = _HOSTED.match(sentence.text, hi - sentence.start)  # the parse may attach it elsewhere
    return lo, sentence.start + host.end() if host else hi


def _occasion(sentence: Sentence, inside: list[Mention], acronyms: dict[str, str]) -> str | None:
    match = _OCCASION.search(sentence.text)
    if not match:
        return None
    words = [w for w in match.group("occ").split() if not _ORDINAL.match(w)]
    head = words[-1].title() if words else "Summit"
    phrase_start = sentence.start + match.start("occ")
    orgs = [m for m in inside if m.kind == "organization" and m.start >= phrase_start - 1]
    if orgs:
        return f"{acronyms.get(orgs[0].actor or '', orgs[0].text)} {head}"
    kept = [w for w in words[:-1] if w[:1].isupper()]
    return " ".join([*kept, head]) if kept else None


def _one_per_type(found: list[Found]) -> list[Found]:
    """Several triggers of one type in one sentence describe one event, unless they contradict
    ('Thursday's meeting reviewed what the June visit agreed': two meetings)."""
    kept: list[Found] = []
    for item in found:
        same = next(
            (k for k in kept if k.sentences == item.sentences and _same_event(k, item)), None
        )
        if same is None:
            kept.append(item)
        else:
            _absorb(same, item)
    return kept


def _merge(found: list[Found]) -> list[Found]:
    """Sentences describing the same event in one document become one event."""
    merged: list[Found] = []
    for item in found:
        if any(_reported(m) and _names_occasion(item, m) for m in merged):
            continue  # 'The summit, hosted by ...' after a meeting on its sidelines
        # The narrative's own events first: a reported sentence joins a past visit someone
        # recalled in a quote only when nothing the article reports fits.
        candidates = sorted(reversed(merged), key=lambda m: not _reported(m))
        target = next((m for m in candidates if _same_event(m, item)), None)
        if target is None and item.anaphoric:
            # 'The meeting ...': the last event of its type the narrative reports.
            last = next((m for m in candidates if m.type == item.type and _reported(m)), None)
            if last is not None and _same_event(last, item, by_people=False):
                target = last
        if target is None:
            merged.append(item)
        else:
            _absorb(target, item)
    return merged


def _names_occasion(item: Found, event: Found) -> bool:
    """``item`` names what ``event`` was held at ('the summit'), not ``event``."""
    word = item.trigger.lower()
    return (
        item.type == event.type
        and word != event.trigger.lower()
        and word in (event.occasion or "").lower().split()
    )


def _reported(found: Found) -> bool:
    """An event the article reports, not one named in passing or recalled in a quote."""
    return not (found.in_passing or found.quoted)


def _same_event(a: Found, b: Found, *, by_people: bool = True) -> bool:
    if a.type.name != b.type.name:
        return False
    if a.date and b.date and not _prefix_compatible(a.date.value, b.date.value):
        return False
    if not _places_compatible(a, b):
        return False
    if a.occasion and b.occasion and a.occasion != b.occasion:
        return False
    return (
        not by_people
        or not (a.participants and b.participants)
        or bool(set(a.participants) & set(b.participants))
    )


def _prefix_compatible(a: str | None, b: str | None) -> bool:
    """'2022-06' and '2022-06-14' can be one date; '2022-06-14' and '2022-06-15' cannot."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _places_compatible(a: Found, b: Found) -> bool:
    """The same place, or a city and the country it is in ('Tashkent' and 'Uzbekistan')."""
    if not a.location or not b.location or a.location == b.location:
        return True
    if a.location_is_country and b.location_country == a.location_country:
        return True
    return b.location_is_country and a.location_country == b.location_country


def _absorb(into: Found, other: Found) -> None:
    into.sentences = sorted(set(into.sentences) | set(other.sentences))
    into.participants = list(dict.fromkeys(into.participants + other.participants))
    into.source = into.source or other.source
    into.target = into.target or other.target
    if other.date and (into.date is None or _finer(other.date, into.date)):
        into.date = other.date
    if other.location and (
        into.location is None or (into.location_is_country and not other.location_is_country)
    ):
        into.location, into.location_country = other.location, other.location_country
        into.location_is_country = other.location_is_country
    into.occasion = into.occasion or other.occasion
    into.mode = _better_mode(into.mode, other.mode)
    if into.mode in ("phone call", "video call"):  # no sentence about a call gives its place
        into.location, into.location_country, into.location_is_country = None, None, False


def _finer(a: TimeMention, b: TimeMention) -> bool:
    order = {"day": 0, "month": 1, "year": 2}
    return order.get(a.precision or "", 3) < order.get(b.precision or "", 3)


def _better_mode(a: str | None, b: str | None) -> str | None:
    ranks = {mode: i for i, (_, mode) in enumerate(MODES)}
    return min((m for m in (a, b) if m), key=lambda m: ranks.get(m, 99), default=None)


def _summary(found: Found, actors: dict[str, LocalActor]) -> str:
    names = [actors[p].name if p in actors else p for p in found.participants]
    who = " and ".join(names[:2]) + (f" and {len(names) - 2} others" if len(names) > 2 else "")
    verb = _VERBS.get(found.type.name, found.type.name.replace("_", " "))
    parts = [who or "Unnamed actors", verb]
    if found.mode:
        parts.append(f"({found.mode})")
    if found.location:
        parts.append(f"in {found.location}")
    if found.occasion:
        parts.append(f"at the {found.occasion}")
    return " ".join(parts)


def _evidence(doc_id: str, sentence: Sentence) -> Evidence:
    return Evidence(document=doc_id, text=sentence.text, start=sentence.start, end=sentence.end)


__all__ = ["BY_NAME", "EventContext", "Found", "find_events", "to_event"]
