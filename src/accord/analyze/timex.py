"""Temporal expressions: found by rules in each sentence, then normalised to ISO dates.

Candidates come from regular expressions run over each sentence, are validated
(``May`` the modal verb, amounts that look like years), the longest non-overlapping
ones are kept, and each is resolved against the anchor: the publication date, or
lacking one the most recent explicit full date earlier in the text, or lacking both
nothing (relative expressions then stay null — never guessed). Only spans these rules
found are parsed; no date search runs over whole articles.

Rules for what the text leaves out:

- A month (and day) without a year takes the anchor's year, unless that puts it more
  than two months after the anchor in a past-tense clause (then the year before) or
  more than two months before it in a future-tense clause (then the year after).
- A weekday is the latest such day on or before the anchor in a past-tense clause,
  the first on or after it in a future-tense clause; "last"/"next" make it strictly
  before/after.
- Clause tense is the nearest tense cue before the expression in its sentence
  ("will", "is to", "expected"; "said", "-ed" forms), else the nearest after, else past.
- "the end of the year", "by the end of 2023", "early next year": a deadline or a
  part of a year is the year itself (year precision; the record's annotation does
  the same); "the end of last month" is that month. Halves and quarters are month
  ranges. Seasons have year precision (winter, straddling two years, only with an
  explicit year; "the winter months" are vague).
- Weeks have no ISO partial date here: "last week", "this week" are vague (null).
- "since X": value X, end_value the anchor at X's precision. "until/by/before X":
  value null, end_value X. "from X to Y", "between X and Y", "2024-2028": a range.
- "that year", "a week later", "the next day" resolve against the previous mention.
- ``relative`` is True when an anchor or a previous mention supplied part of the
  value. ``tense`` is the expression's own direction ("yesterday", "next year",
  "since") or else where the value falls against the anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from accord.analyze.numbers import parse_number
from accord.analyze.types import Sentence, TimeMention

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}
_UNIT_DAYS = {"day": 1, "week": 7}

_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON = rf"(?:{_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WD = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_COUNT = r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_NOT_NUM = r"(?![\w%]|[.,:]\d)"  # a digit run ends here: not "2022,000", "20:30", "2025%"
_PART = (
    r"(?P<part>earlier|later|early|late|mid|the\s+(?:end|beginning|start|middle|"
    r"(?:first|second)\s+half|(?:first|second|third|fourth)\s+quarter)\s+of)"
)

_RULES: dict[str, re.Pattern[str]] = {
    "iso": re.compile(rf"(?<![\w-])(?P<year>{_YEAR})-(?P<mon>0[1-9]|1[0-2])-(?P<d1>[0-2]\d|3[01])(?!\d)"),
    "dotted": re.compile(rf"(?<![\w.])(?P<d1>[12]\d|3[01]|0?[1-9])\.(?P<mon>0?[1-9]|1[0-2])\.(?P<year>{_YEAR})(?!\d)"),
    "month_day": re.compile(
        rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON})\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?"
        rf"{_NOT_NUM}(?:,?\s+(?P<year>{_YEAR})\b)?"
    ),
    "day_month": re.compile(
        rf"(?<![\w$€£.,-])(?:(?P<wd>{_WD}),?\s+)?(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?"
        rf"\s+(?:of\s+)?(?P<mon>{_MON})(?!\w)(?:,?\s+(?P<year>{_YEAR})\b)?"
    ),
    "month_range": re.compile(rf"\b(?P<mon>{_FULL})\s*[-–]\s*(?P<mon2>{_FULL})\b(?:,?\s+(?P<year>{_YEAR})\b)?"),
    "month_year": re.compile(rf"\b(?P<mon>{_MON})(?:\s+of)?,?\s+(?P<year>{_YEAR})\b"),
    "month_rel": re.compile(rf"\b(?P<mon>{_FULL})\s+(?P<rel>last|this|next)\s+year\b"),
    "rel_month": re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<mon>{_FULL})\b(?!\s*\d)"),
    "part_month": re.compile(rf"(?i:\b{_PART})[\s-]+(?P<mon>{_FULL})\b(?:,?\s+(?P<year>{_YEAR})\b)?(?!\s*\d)"),
    "bare_month": re.compile(rf"\b(?P<mon>{_FULL})\b(?!\s*\d|-)"),
    "year_range": re.compile(
        rf"(?<![\w$€£¥₽₸.,+/#-])(?:(?P<pre>[Ff]rom|[Bb]etween)\s+)?(?P<year>{_YEAR})"
        rf"(?:\s*[-–—/]\s*|\s+(?P<conj>to|and|through|until)\s+)(?P<year2>{_YEAR}|\d\d){_NOT_NUM}"
    ),
    "year": re.compile(rf"(?<![\w$€£¥₽₸.,+/#-])(?P<year>{_YEAR}){_NOT_NUM}(?![-–/]\d)"),
    "part_year": re.compile(rf"(?i:\b{_PART})[\s-]+(?P<year>{_YEAR}){_NOT_NUM}"),
    "quarter": re.compile(rf"\b(?:Q(?P<q>[1-4])|H(?P<h>[12]))\s+(?P<year>{_YEAR})\b"),
    "day_word": re.compile(r"(?i)\b(?P<word>yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)|last\s+night)\b"),
    "weekday": re.compile(rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>{_WD})\b"),
    "rel_unit": re.compile(rf"(?i)\b(?:{_PART}\s+)?(?P<rel>last|this|next|the\s+current)\s+(?P<unit>year|month|week)\b"),
    "end_of": re.compile(rf"(?i)\b{_PART}\s+the\s+(?P<unit>year|month)\b"),
    "ago": re.compile(rf"(?i)\b(?P<count>{_COUNT}|several|a\s+few)\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
    "later": re.compile(
        rf"(?i)\b(?:(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+later"
        r"|the\s+(?:next|following)\s+(?P<unit2>day|month|year))\b"
    ),
    "past_n": re.compile(rf"(?i)\bthe\s+(?:past|last)\s+(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year|decade)s\b"),
    "season": re.compile(
        rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\s+|(?P<the>[Tt]he)\s+)?(?P<season>spring|summer|autumn|winter)"
        rf"(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<that>that|the\s+same)\s+year)|\s+(?P<year2>{_YEAR}))?\b"
    ),
    "that_year": re.compile(r"(?i)\b(?:that|the\s+same)\s+year\b"),
    "vague": re.compile(
        r"(?i)\b(?:the\s+(?P<future>coming\s+(?:years|months|weeks|days|decades)|(?:near|foreseeable)\s+future"
        r"|(?:short|medium|long)\s+term)|(?P<past>recent\s+(?:years|months|weeks|days|decades)|recently"
        r"|the\s+past\s+(?:few\s+)?(?:years|months|weeks|decades)|earlier\s+in\s+the\s+week|(?:winter|summer)\s+months)"
        r"|(?<!as\s)(?P<soon>soon)(?!\s+as))\b"
    ),
}  # fmt: skip

_MONTH_WORDS = frozenset(_MONTHS)
_PART_WORDS = frozenset(
    ["early", "mid", "late", "end", "beginning", "start", "middle", "half", "quarter", "earlier", "later"]
)  # fmt: skip
_UNIT_WORDS = frozenset(["year", "month", "week"])
# Which rules can match a sentence: (needs a digit, needs one of these words). Checking
# this first skips most rules for most sentences; the regexes are the costly part.
_GATES: dict[str, tuple[bool, frozenset[str]]] = {
    "iso": (True, frozenset()), "dotted": (True, frozenset()), "month_day": (True, _MONTH_WORDS),
    "day_month": (True, _MONTH_WORDS), "month_range": (False, _MONTH_WORDS),
    "month_year": (True, _MONTH_WORDS), "month_rel": (False, _MONTH_WORDS),
    "rel_month": (False, _MONTH_WORDS), "part_month": (False, _MONTH_WORDS),
    "bare_month": (False, _MONTH_WORDS), "year_range": (True, frozenset()),
    "year": (True, frozenset()), "part_year": (True, _PART_WORDS), "quarter": (True, frozenset()),
    "day_word": (False, frozenset(["yesterday", "today", "tomorrow", "tonight", "morning", "afternoon", "evening", "night"])),
    "weekday": (False, frozenset(_WEEKDAYS)), "rel_unit": (False, _UNIT_WORDS),
    "end_of": (False, _UNIT_WORDS), "ago": (False, frozenset(["ago"])),
    "later": (False, frozenset(["later", "next", "following"])),
    "past_n": (False, frozenset(["past", "last"])),
    "season": (False, frozenset(["spring", "summer", "autumn", "winter"])),
    "that_year": (False, frozenset(["year"])),
    "vague": (False, frozenset(["coming", "future", "term", "recent", "recently", "past", "soon", "earlier", "months"])),
}  # fmt: skip
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")

# Words after which a bare month name is a month (not "may" the verb, "March" the noun).
_MONTH_CUE = re.compile(
    r"(?i)\b(?:in|on|since|until|till|by|from|to|through|during|before|after|between|of|"
    r"early|late|mid|last|next|this|and|or)\s+$"
)
# After a year-like number these words make it an amount: "2000 people", "2025 tons".
_AMOUNT_AFTER = re.compile(
    r"(?i)\s*(?:%|percent|per\s+cent|(?:million|billion|thousand|bn|mln|dollars|euros|usd|eur|"
    r"soums?|sums|uzs|soms|kgs|rubles|roubles|rub|tenge|kzt|yuan|cny|pounds|gbp|people|"
    r"persons|residents|inhabitants|tons|tonnes|km|kilomet(?:re|er)s|metres|meters|hectares|"
    r"units|jobs|workers|households|families|companies|enterprises|projects|agreements|"
    r"documents|trains|wagons|trucks|vehicles|cars|head|cattle|sheep|times)\b)"
)
_NOT_YEAR_BEFORE = re.compile(r"(?i)(?:\bno\.?|number|usd|eur|gbp|rub|kzt|uzs|kgs)\s*$")
_SEASON_NOUN = re.compile(r"\s+(?:\w+ing|season|months|semester|session|campaign|harvest)\b")
_LEFT_MODIFIER = re.compile(r"(?i)\b(?P<word>since|until|till|by|before|through)\s+$")
_RANGE_JOIN = re.compile(r"(?i)\s*(?:-|–|to|until|till|through|and)\s*")
_RANGE_START = re.compile(r"(?i)\b(?P<word>from|between)\s+$")
_TENSE_CUE = re.compile(
    r"(?i)\b(?:(?P<future>will|shall|would|is\s+to|are\s+to|is\s+due|are\s+due|expected|"
    r"expects?|plans?|planned|planning|scheduled|intends?|intended|going\s+to|set\s+to|"
    r"upcoming|forthcoming|aims?\s+to)|(?P<past>was|were|had|did|said|told|met|held|took|"
    r"began|came|went|made|\w{3,}ed))\b|(?P<futcontr>'ll)\b"
)
_NOT_PAST = {"need", "speed", "indeed", "proceed", "exceed", "succeed", "hundred", "allied",
             "united", "limited", "based", "related", "advanced", "detailed", "interested"}  # fmt: skip
_PASSIVE = re.compile(r"(?i)\b(?:be|been|being)\s+$")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    rule: str
    match: re.Match[str]
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class _Res:
    value: str | None = None
    precision: str | None = None
    end_value: str | None = None
    kind: str = "date"
    relative: bool = False
    tense: str | None = None  # the expression's own direction; otherwise compared to anchor


@dataclass(slots=True)
class _Context:
    text: str
    anchor: date | None
    from_text: bool  # the anchor is a running one taken from the text
    previous: TimeMention | None = None


def find_time_mentions(
    text: str, sentences: list[Sentence], published: str | None
) -> list[TimeMention]:
    """Every temporal expression in ``text``, in order, normalised against the anchor."""
    anchor = _parse_anchor(published)
    ctx = _Context(text=text, anchor=anchor, from_text=anchor is None)
    mentions: list[TimeMention] = []
    for sentence in sentences:
        found_here = []
        for found in _select(_candidates(text, sentence)):
            mention = _mention(found, sentence, ctx)
            found_here.append(mention)
            ctx.previous = mention if mention.value or mention.end_value else ctx.previous
            if ctx.from_text and _is_full_date(found) and mention.value:
                ctx.anchor = date.fromisoformat(mention.value)
        mentions.extend(_join_ranges(found_here, text, sentence))
    return mentions


def _parse_anchor(published: str | None) -> date | None:
    """The publication day; implausible years count as no date at all."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
    return day if 1000 <= day.year <= 9000 else None


def _candidates(text: str, sentence: Sentence) -> list[_Found]:
    found = []
    words = set(_LETTERS.findall(sentence.text.lower()))
    digit = _DIGIT.search(sentence.text) is not None
    for rule, pattern in _RULES.items():
        needs_digit, needs_word = _GATES[rule]
        if (needs_digit and not digit) or (needs_word and needs_word.isdisjoint(words)):
            continue
        for match in pattern.finditer(text, sentence.start, sentence.end):
            if _valid(rule, match, text):
                found.append(_Found(match.start(), match.end(), rule, match, sentence))
    return found


def _valid(rule: str, match: re.Match[str], text: str) -> bool:
    """Reject candidates that only look like dates: amounts, "may" the verb, bad days."""
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 24]
    groups = match.groupdict()
    if groups.get("d1") and groups.get("mon"):
        month = _month(groups["mon"])
        days = [int(re.sub(r"\D", "", d)) for d in (groups["d1"], groups.get("d2")) if d]
        if not all(_valid_day(month, day) for day in days) or days != sorted(set(days)):
            return False
    if rule == "bare_month":
        return bool(_MONTH_CUE.search(before)) or after.startswith("'s")
    amount = _AMOUNT_AFTER.match(after) or _NOT_YEAR_BEFORE.search(before)
    if rule in ("year", "year_range", "part_year") and amount:
        return False
    if rule == "year_range":
        start, end = int(groups["year"]), _full_year(groups["year"], groups["year2"])
        and_ok = groups["conj"] != "and" or bool(
            groups["pre"] and groups["pre"].lower() == "between"
        )
        return start < end <= 2100 and and_ok
    if rule == "season":
        explicit = groups["rel"] or groups["year"] or groups["year2"] or groups["that"]
        return bool(explicit) or (groups["the"] is not None and not _SEASON_NOUN.match(after))
    return True


def _valid_day(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year: 29 February is a valid date
    except ValueError:
        return False
    return True


def _select(candidates: list[_Found]) -> list[_Found]:
    """The longest candidates that do not overlap, in text order."""
    chosen: list[_Found] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _is_full_date(found: _Found) -> bool:
    groups = found.match.groupdict()
    return bool(groups.get("d1") and groups.get("year") and not groups.get("d2"))


def _mention(found: _Found, sentence: Sentence, ctx: _Context) -> TimeMention:
    res = _RESOLVERS[found.rule](found.match.groupdict(), found, ctx)
    start = found.start
    modifier = _LEFT_MODIFIER.search(ctx.text, max(sentence.start, start - 10), start)
    if modifier and found.rule not in ("ago", "vague", "later", "past_n"):
        res, start = _modified(res, modifier.group("word").lower(), ctx), modifier.start()
    return TimeMention(
        start=start,
        end=found.end,
        text=ctx.text[start : found.end],
        sentence=sentence.index,
        value=res.value,
        precision=res.precision,  # type: ignore[arg-type]
        end_value=res.end_value,
        kind=res.kind,  # type: ignore[arg-type]
        relative=res.relative,
        tense=res.tense or _compare(res, ctx.anchor),  # type: ignore[arg-type]
    )


def _modified(res: _Res, word: str, ctx: _Context) -> _Res:
    """ "since X" runs from X to the anchor; "until/by/before X" ends at X."""
    if res.kind == "vague" or (res.value is None and res.end_value is None):
        return replace(res, kind="since" if word == "since" else "until")
    if word == "since":
        end = _fmt_anchor(ctx.anchor, res.precision) if ctx.anchor else None
        return _Res(res.value, res.precision, end, "since", res.relative or end is not None, "past")
    end = res.end_value or res.value
    return _Res(None, res.precision, end, "until", res.relative)


def _join_ranges(mentions: list[TimeMention], text: str, sentence: Sentence) -> list[TimeMention]:
    """Merge "from X to Y" and "between X and Y" in the last sentence into one range."""
    out: list[TimeMention] = []
    for mention in mentions:
        first = out[-1] if out else None
        if first and first.sentence == mention.sentence == sentence.index and first.kind == "date":
            joint = _RANGE_JOIN.fullmatch(text, first.end, mention.start)
            opener = _RANGE_START.search(text, max(sentence.start, first.start - 10), first.start)
            between = opener and opener.group("word").lower() == "between"
            if joint and opener and ("and" not in joint.group(0).lower() or between):
                end = mention.end_value or mention.value
                out[-1] = first.model_copy(
                    update={"start": opener.start(), "end": mention.end, "kind": "range",
                            "text": text[opener.start() : mention.end], "end_value": end,
                            "relative": first.relative or mention.relative}
                )  # fmt: skip
                continue
        out.append(mention)
    return out


# --- resolution -------------------------------------------------------------------


def _month(name: str) -> int:
    return int(name) if name.isdigit() else _MONTHS[name.rstrip(".").lower()]


def _full_year(first: str, second: str) -> int:
    return int(second) if len(second) == 4 else int(first[:2] + second)


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _fmt_anchor(anchor: date, precision: str | None) -> str:
    if precision == "day":
        return anchor.isoformat()
    return _fmt(anchor.year, anchor.month) if precision == "month" else _fmt(anchor.year)


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def _compare(res: _Res, anchor: date | None) -> str | None:
    first, last = res.value or res.end_value, res.end_value or res.value
    if anchor is None or first is None or last is None:
        return None
    if last < _fmt_anchor(anchor, _precision(last)):
        return "past"
    return "future" if first > _fmt_anchor(anchor, _precision(first)) else "present"


def _clause_tense(ctx: _Context, found: _Found) -> str:
    """Nearest tense cue before the expression in its sentence, else after it, else past."""
    before, after = None, None
    for cue in _TENSE_CUE.finditer(ctx.text, found.sentence.start, found.sentence.end):
        word = cue.group(0).lower()
        passive = _PASSIVE.search(ctx.text, max(0, cue.start() - 8), cue.start())
        if cue.group("past") and (word in _NOT_PAST or passive):
            continue
        tense = "past" if cue.group("past") else "future"
        if cue.end() <= found.start:
            before = tense
        elif cue.start() >= found.end and after is None:
            after = tense
    return before or after or "past"


def _year_for(ctx: _Context, found: _Found, month: int, day: int | None) -> int:
    """The anchor's year, moved when it would put the date far on the wrong side."""
    anchor = ctx.anchor
    assert anchor is not None
    tense = _clause_tense(ctx, found)
    if day is not None:
        try:
            offset = (date(anchor.year, month, day) - anchor).days
        except ValueError:  # 29 February outside a leap year
            offset = (date(anchor.year, month, 28) - anchor).days
        ahead, behind = offset > 62, offset < -62
    else:
        ahead, behind = month - anchor.month > 2, anchor.month - month > 2
    if tense == "past" and ahead:
        return anchor.year - 1
    return anchor.year + 1 if tense == "future" and behind else anchor.year


def _calendar(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """Dates naming a month: with or without day, year and day range."""
    month = _month(groups["mon"])
    d1 = int(re.sub(r"\D", "", groups["d1"])) if groups.get("d1") else None
    d2 = int(re.sub(r"\D", "", groups["d2"])) if groups.get("d2") else None
    if groups.get("year"):
        year, relative = int(groups["year"]), False
    elif ctx.anchor is None:
        return _Res()
    else:
        year, relative = _year_for(ctx, found, month, d1), True
    try:
        value = _fmt(year, month, d1) if d1 is None else date(year, month, d1).isoformat()
    except ValueError:
        return _Res()
    precision = "month" if d1 is None else "day"
    if d2 is not None:
        return _Res(value, precision, _fmt(year, month, d2), "range", relative)
    return _Res(value, precision, relative=relative)


def _month_range(groups: dict, found: _Found, ctx: _Context) -> _Res:
    first, last = _month(groups["mon"]), _month(groups["mon2"])
    if groups["year"]:
        year, relative = int(groups["year"]), False
    elif ctx.anchor is None:
        return _Res(kind="range")
    else:
        year, relative = _year_for(ctx, found, last, None), True
    start_year = year if first <= last else year - 1
    return _Res(_fmt(start_year, first), "month", _fmt(year, last), "range", relative)


def _month_rel(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """ "May last year", "October this year"."""
    month, rel = _month(groups["mon"]), groups["rel"].lower()
    tense = {"last": "past", "next": "future"}.get(rel)
    if ctx.anchor is None:
        return _Res(tense=tense)
    year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
    return _Res(_fmt(year, month), "month", relative=True, tense=tense)


def _rel_month(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """ "last June" is the latest June before the anchor's month, "next June" the first after."""
    month, rel = _month(groups["mon"]), groups["rel"].lower()
    if rel == "this":
        return _calendar(groups, found, ctx)
    tense = "past" if rel == "last" else "future"
    if ctx.anchor is None:
        return _Res(tense=tense)
    year = ctx.anchor.year
    if rel == "last":
        year -= month >= ctx.anchor.month
    else:
        year += month <= ctx.anchor.month
    return _Res(_fmt(year, month), "month", relative=True, tense=tense)


def _part_month(groups: dict, found: _Found, ctx: _Context) -> _Res:
    return _calendar({"mon": groups["mon"], "year": groups.get("year")}, found, ctx)


def _year(groups: dict, found: _Found, ctx: _Context) -> _Res:
    return _Res(groups["year"], "year")


def _year_range(groups: dict, found: _Found, ctx: _Context) -> _Res:
    end = _full_year(groups["year"], groups["year2"])
    return _Res(groups["year"], "year", _fmt(end), "range")


def _part_of_year(year: int, part: str | None) -> _Res:
    """A part of a year: halves and quarters are month ranges, other parts the year."""
    part = re.sub(r"\s+", " ", (part or "").lower())
    spans = {"first half": (1, 6), "second half": (7, 12), "first quarter": (1, 3),
             "second quarter": (4, 6), "third quarter": (7, 9), "fourth quarter": (10, 12)}  # fmt: skip
    for name, (first, last) in spans.items():
        if name in part:
            return _Res(_fmt(year, first), "month", _fmt(year, last), "range")
    return _Res(_fmt(year), "year")


def _part_year(groups: dict, found: _Found, ctx: _Context) -> _Res:
    return _part_of_year(int(groups["year"]), groups["part"])


def _quarter(groups: dict, found: _Found, ctx: _Context) -> _Res:
    year = int(groups["year"])
    first, length = (int(groups["q"]) - 1) * 3 + 1 if groups["q"] else 0, 3
    if groups["h"]:
        first, length = (int(groups["h"]) - 1) * 6 + 1, 6
    return _Res(_fmt(year, first), "month", _fmt(year, first + length - 1), "range")


def _day_word(groups: dict, found: _Found, ctx: _Context) -> _Res:
    word = groups["word"].lower()
    shift, tense = {"yesterday": (-1, "past"), "tomorrow": (1, "future")}.get(word, (0, "present"))
    if word.startswith("last"):
        shift, tense = -1, "past"
    if ctx.anchor is None:
        return _Res(tense=tense)
    return _Res((ctx.anchor + timedelta(days=shift)).isoformat(), "day", relative=True, tense=tense)


def _weekday(groups: dict, found: _Found, ctx: _Context) -> _Res:
    rel = (groups["rel"] or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel) or _clause_tense(ctx, found)
    if ctx.anchor is None:
        return _Res(tense=tense if rel else None)
    gap = _WEEKDAYS.index(groups["wd"].lower()) - ctx.anchor.weekday()
    if tense == "past":
        gap = gap - 7 if gap > 0 or (gap == 0 and rel == "last") else gap
    else:
        gap = gap + 7 if gap < 0 or (gap == 0 and rel == "next") else gap
    return _Res((ctx.anchor + timedelta(days=gap)).isoformat(), "day", relative=True)


def _rel_unit(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """ "last year", "earlier this month", "the end of next year", "this week" (vague)."""
    rel, unit = groups["rel"].lower().replace("the current", "this"), groups["unit"].lower()
    part = (groups["part"] or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel)
    tense = tense or {"earlier": "past", "later": "future"}.get(part) or "present"
    if unit == "week" or ctx.anchor is None:
        return _Res(kind="vague" if unit == "week" else "date", tense=tense)
    shift = {"last": -1, "this": 0, "next": 1}[rel]
    if unit == "month":
        month_index = ctx.anchor.year * 12 + ctx.anchor.month - 1 + shift
        value = _fmt(month_index // 12, month_index % 12 + 1)
        return _Res(value, "month", relative=True, tense=tense)
    res = _part_of_year(ctx.anchor.year + shift, part)
    return replace(res, relative=True, tense=tense)


def _end_of(groups: dict, found: _Found, ctx: _Context) -> _Res:
    groups = {**groups, "rel": "this"}
    return _rel_unit(groups, found, ctx)


def _shifted(origin: date, count: float, unit: str) -> tuple[str | None, str | None]:
    """``origin`` moved by ``count`` units; (None, None) outside years 1000-9999."""
    years = count * {"day": 1 / 365, "week": 7 / 365, "month": 1 / 12, "decade": 10}.get(unit, 1)
    if not 1000 <= origin.year + years <= 9999:
        return None, None
    if unit in _UNIT_DAYS:
        return (origin + timedelta(days=round(count * _UNIT_DAYS[unit]))).isoformat(), "day"
    if unit == "month":
        index = origin.year * 12 + origin.month - 1 + round(count)
        return _fmt(index // 12, index % 12 + 1), "month"
    step = 10 if unit == "decade" else 1
    return _fmt(origin.year + round(count) * step), "year"


def _count(word: str) -> float | None:
    word = word.lower()
    return 1.0 if word in ("a", "an") else parse_number(word)


def _ago(groups: dict, found: _Found, ctx: _Context) -> _Res:
    count = _count(groups["count"])
    if ctx.anchor is None or count is None:
        return _Res(kind="vague" if count is None else "date", tense="past")
    value, precision = _shifted(ctx.anchor, -count, groups["unit"].lower())
    return _Res(value, precision, relative=value is not None, tense="past")


def _later(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """ "a week later", "the next day": counted from the previous mention."""
    unit = (groups["unit"] or groups["unit2"]).lower()
    count = _count(groups["count"]) if groups["count"] else 1.0
    previous = ctx.previous.value or ctx.previous.end_value if ctx.previous else None
    needed = {"day": 10, "week": 10, "month": 7}.get(unit, 4)
    if previous is None or count is None or len(previous) < needed:
        return _Res()
    origin = date.fromisoformat(previous + "-01-01"[len(previous) - 4 :])
    value, precision = _shifted(origin, count, unit)
    return _Res(value, precision, relative=value is not None)


def _past_n(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """ "the past two years": a duration ending at the anchor."""
    count = _count(groups["count"])
    if ctx.anchor is None or count is None:
        return _Res(kind="duration", tense="past")
    value, precision = _shifted(ctx.anchor, -count, groups["unit"].lower())
    if value is None:
        return _Res(kind="duration", tense="past")
    end = _fmt_anchor(ctx.anchor, precision)
    return _Res(value, precision, end, "duration", relative=True, tense="past")


def _season(groups: dict, found: _Found, ctx: _Context) -> _Res:
    """Seasons have year precision; the year is the one the season falls in."""
    rel, season = (groups["rel"] or "").lower(), groups["season"]
    tense = {"last": "past", "next": "future"}.get(rel)
    year = groups["year"] or groups["year2"]
    if year:
        return _Res(year, "year", tense=tense)
    if groups["that"]:
        previous = ctx.previous.value if ctx.previous else None
        return _Res(previous[:4], "year", relative=True) if previous else _Res()
    if ctx.anchor is None or season == "winter":
        return _Res(tense=tense)
    first, last = _SEASONS[season]
    tense = tense or _clause_tense(ctx, found)
    shift = {"last": -1, "next": 1}.get(rel, 0)
    if not shift and tense == "future" and ctx.anchor.month > last:
        shift = 1
    elif not shift and tense == "past" and ctx.anchor.month < first:
        shift = -1
    elif shift == -1 and ctx.anchor.month > last:
        shift = 0  # "last spring" said in autumn is this year's spring
    elif shift == 1 and ctx.anchor.month < first:
        shift = 0
    return _Res(_fmt(ctx.anchor.year + shift), "year", relative=True, tense=tense)


def _that_year(groups: dict, found: _Found, ctx: _Context) -> _Res:
    previous = ctx.previous.value or ctx.previous.end_value if ctx.previous else None
    return _Res(previous[:4], "year", relative=True) if previous else _Res()


def _vague(groups: dict, found: _Found, ctx: _Context) -> _Res:
    future = groups["future"] or groups["soon"]
    return _Res(kind="vague", tense="future" if future else "past")


_RESOLVERS = {
    "iso": _calendar, "dotted": _calendar, "month_day": _calendar, "day_month": _calendar,
    "month_range": _month_range, "month_year": _calendar, "month_rel": _month_rel,
    "rel_month": _rel_month, "part_month": _part_month, "bare_month": _calendar,
    "year_range": _year_range, "year": _year, "part_year": _part_year, "quarter": _quarter,
    "day_word": _day_word, "weekday": _weekday, "rel_unit": _rel_unit, "end_of": _end_of,
    "ago": _ago, "later": _later, "past_n": _past_n, "season": _season,
    "that_year": _that_year, "vague": _vague,
}  # fmt: skip
