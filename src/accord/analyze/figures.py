"""Figures: money, percentages, multipliers and counts, normalised, with what they measure.

Candidates are numbers in digits or words (:mod:`accord.analyze.numbers`) read with the
currency, scale, range and unit around them, plus multiplier words ("threefold",
"doubled"). Validation drops numbers inside time expressions (years, dates,
"Programme ... for 2022-2026"), times of day, UTC offsets, phone numbers, ordinals,
list markers, numbers glued to names ("Kambarata-1"), anaphoric counts ("the two
countries"), durations in days to decades ("three decades", "two-day": time, not
quantity; hours and minutes stay, as delivery and waiting times) and any number
without a unit. Each figure then gets from its sentence:

- ``qualifier``: more than (over, above, exceeding, in excess of), at least (no less
  than), about (around, approximately, some, roughly, an estimated, and also nearly,
  almost, close to: the record's annotation keeps no separate "nearly"), up to (as
  many as, no more than), less than (fewer than, under, below); "an average of" is
  not a qualifier; a count of things besides others ("six other documents") is more
  than that count;
- ``change``: "increase" when a verb or noun of growth governs the figure ("grew by",
  "increased threefold", "up", "a 25 percent rise", "doubled"), "decrease" likewise
  ("fell by", "declined", "down", "halved"); levels ("reached", "amounted to") stay
  null. Decreases are negative, except multipliers, whose factor keeps its sign;
- ``indicator``: the counted noun when it names one ("documents" -> documents signed),
  else the nearest phrase of :data:`INDICATORS` in the sentence allowed for the unit;
- ``period``: the nearest time expression in the sentence, not across a clause break
  ("; ", " – ", ", and"): a date is its ISO value, a range, "since" or duration span
  is "start/end" (ISO 8601 interval), "until/by X" is X, a vague one is null;
- ``target``: the figure is a goal or forecast, not a value reached: words of aim or
  of the future lead to it ("agreed to bring trade to", "the goal of raising it to",
  "could reach", "a new goal – to reach") with no clause break or reported level in
  between, or its period is after the publication ("$5 billion by 2030" stated in
  2023). "Trade reached $2.3 billion, and the sides agreed to bring it to $5
  billion": only the second.

Units are ISO 4217 codes for money, "percent", "percentage points", "times", "people"
for counts of persons, measurement symbols (km, tons, ha, MW ...), else the counted
noun itself ("agreements", "hours").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from accord.analyze.numbers import NUMBER, NUMBER_WORDS, SCALE, parse_number, scale_of
from accord.analyze.types import FigureMention, Sentence, TimeMention

_SYMBOLS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₽": "RUB", "₸": "KZT"}
_CURRENCIES = {
    "usd": "USD", "dollar": "USD", "dollars": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "soum": "UZS", "soums": "UZS", "sum": "UZS", "sums": "UZS", "uzs": "UZS", "som": "KGS",
    "soms": "KGS", "kgs": "KGS", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
    "roubles": "RUB", "rub": "RUB", "tenge": "KZT", "kzt": "KZT", "yuan": "CNY", "cny": "CNY",
    "rmb": "CNY", "renminbi": "CNY", "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
    "somoni": "TJS", "tjs": "TJS",
}  # fmt: skip
_MEASURES = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "tons": "tons", "tonnes": "tons", "ton": "tons", "tonne": "tons", "kg": "kg",
    "kilograms": "kg", "hectares": "ha", "ha": "ha", "mw": "MW", "megawatts": "MW",
    "megawatt": "MW", "gw": "GW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "bcm": "bcm",
    "cubic metres": "m3", "cubic meters": "m3", "m3": "m3", "barrels": "barrels", "teu": "TEU",
}  # fmt: skip
_PERSONS = {
    "people", "persons", "residents", "inhabitants", "citizens", "individuals", "nationals",
    "migrants", "workers", "employees", "students", "artists", "musicians", "craftsmen",
    "tourists", "visitors", "participants", "spectators", "specialists", "doctors", "teachers",
    "pilgrims", "refugees", "shepherds", "farmers", "children", "men", "women", "delegates",
}  # fmt: skip
_NOUN_INDICATORS = {
    "documents": "documents signed", "agreements": "agreements signed",
    "treaties": "agreements signed", "memoranda": "agreements signed",
    "contracts": "contracts signed", "residents": "population", "inhabitants": "population",
    "tourists": "tourists", "visitors": "tourists", "ventures": "joint ventures",
    "enterprises": "joint ventures", "projects": "joint projects", "beds": "hospital beds",
}  # fmt: skip
_IRREGULAR = {"people", "men", "women", "children", "staff", "personnel", "livestock", "cattle",
              "sheep", "police", "memoranda"}  # fmt: skip
_STOP = {
    "of", "and", "or", "the", "a", "an", "to", "in", "on", "at", "for", "by", "with", "from",
    "into", "per", "than", "as", "that", "which", "who", "is", "are", "was", "were", "be",
    "been", "has", "have", "had", "will", "would", "can", "could", "may", "might", "should",
    "must", "do", "does", "did", "not", "no", "it", "its", "this", "these", "those", "their",
    "his", "her", "our", "thus", "plus", "minus", "across", "towards", "always", "perhaps",
    "whereas", "unless", "says", "means", "us", "year", "month", "week", "day", "times",
    "percent", "million", "billion", "thousand", "more", "less", "each", "every", "ago",
}  # fmt: skip
_DURATION = {"day", "week", "month", "year", "decade"}  # hours and minutes are figures

# Lexicon of indicators: canonical name, unit classes it applies to, phrases.
INDICATORS: tuple[tuple[str, frozenset[str], str], ...] = tuple(
    (name, frozenset(classes.split()), phrases)
    for name, classes, phrases in (
        ("gas transit", "money percent times volume", r"transit\s+of\s+(?:natural\s+)?gas|gas\s+transit"),
        ("gas supply", "money percent times volume", r"(?:supply|supplies|deliveries)\s+of\s+(?:natural\s+)?gas|gas\s+(?:supply|supplies|deliveries)"),
        ("electricity supply", "money percent times volume", r"electricity|power\s+supply|supply\s+of\s+power"),
        ("trade turnover", "money percent times", r"trade\s+turnover|turnover|trade\s+volume|volume\s+of\s+trade|(?:bilateral|mutual|foreign|total)\s+trade|trade"),
        ("exports", "money percent times volume", r"exports?|exported"),
        ("imports", "money percent times volume", r"imports?|imported"),
        ("investment", "money percent times count", r"investments?|invested|investors?"),
        ("contracts signed", "money count", r"contracts?(?:\s+worth)?|value\s+of\s+(?:the\s+)?contracts"),
        ("fund capital", "money", r"(?:authori[sz]ed|charter|registered|fund\'?s?)\s+capital|capital\s+of\s+the\s+fund"),
        ("loan", "money", r"loans?|credit\s+line"),
        ("grant", "money", r"grants?"),
        ("project cost", "money", r"costs?|worth|estimated\s+at|price"),
        ("financing", "money", r"financ\w*|funding|funds|provided|allocated"),
        ("cargo", "volume percent times count", r"cargo|freight"),
        ("tourists", "people percent times", r"tourists?|tourism"),
        ("population", "people", r"population|residents|inhabitants|(?:people|persons)\s+(?:live|living)|liv(?:e|ing)\s+in"),
        ("participants", "people", r"took\s+part|participants?|participated|attended"),
        ("joint ventures", "count times percent", r"joint\s+ventures?|enterprises|companies"),
        ("border length", "length", r"border|frontier"),
        ("delivery time", "time", r"delivery\s+time|travel\s+time|journey"),
        ("waiting time", "time", r"wait\w*|queue\w*|spend"),
        ("water release", "percent volume", r"discharge|water\s+releases?|releases?\s+of\s+water"),
    )
)  # fmt: skip
_INDICATOR_PATTERNS = tuple(
    (name, classes, re.compile(rf"(?i)\b(?:{phrases})\b")) for name, classes, phrases in INDICATORS
)

_CUR_BEFORE = re.compile(
    r"(?:(?P<sym>US\$|\$|€|£|¥|₽|₸)|\b(?P<code>USD|EUR|GBP|RUB|KZT|UZS|KGS|CNY|TJS)\s?)$"
)
_CUR_AFTER = re.compile(
    r"(?i)\s*(?:US\s+)?(?P<cur>" + "|".join(sorted(_CURRENCIES, key=len, reverse=True)) + r")\b"
)
_PERCENT = re.compile(r"(?i)\s*(?:(?P<pp>percentage\s+points?)|%|per\s*cent\b|pct\b)")
_TIMES = re.compile(r"(?i)\s*times\b|[- ]?fold\b")
_MEASURE = re.compile(
    r"(?i)\s*(?P<m>" + "|".join(sorted(map(re.escape, _MEASURES), key=len, reverse=True)) + r")\b"
)
_COMPOUND = re.compile(r"-(?P<noun>[a-z]+)\b")  # "300-bed", "1,300-kilometre"
_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*)")
_RANGE = re.compile(r"\s*(?:-|–|to)\s*(?:US\$|\$|€|£|¥|₽|₸)?")
_MULTIPLIER = re.compile(
    r"(?i)\b(?:(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)fold"
    r"|(?P<verb>doubled|doubling|tripled|tripling|trebled|quadrupled|halved|halving))\b"
)
_MULTIPLIER_WORDS = frozenset(
    ["doubled", "doubling", "tripled", "tripling", "trebled", "quadrupled", "halved", "halving"]
)
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_VERB_FACTORS = {"doub": 2, "trip": 3, "treb": 3, "quad": 4, "halv": 0.5}
_QUALIFIER = re.compile(
    r"(?i)\b(?P<q>more\s+than|over|above|exceeding|in\s+excess\s+of|upwards\s+of|at\s+least|"
    r"no\s+less\s+than|not\s+less\s+than|about|around|approximately|some|roughly|"
    r"an\s+estimated|nearly|almost|close\s+to|just\s+under|up\s+to|as\s+many\s+as|"
    r"as\s+much\s+as|no\s+more\s+than|at\s+most|less\s+than|fewer\s+than|under|below)\s+$"
)
_QUALIFIERS = {
    "more than": "more than", "over": "more than", "above": "more than", "exceeding": "more than",
    "in excess of": "more than", "upwards of": "more than", "at least": "at least",
    "no less than": "at least", "not less than": "at least", "about": "about", "around": "about",
    "approximately": "about", "some": "about", "roughly": "about", "an estimated": "about",
    "nearly": "about", "almost": "about", "close to": "about", "just under": "about",
    "up to": "up to", "as many as": "up to", "as much as": "up to", "no more than": "up to",
    "at most": "up to", "less than": "less than", "fewer than": "less than",
    "under": "less than", "below": "less than",
}  # fmt: skip
_UP = r"grew|grown|grow|grows|growing|increased|increases?|increasing|rose|risen|rise|rises|rising|up|jumped|climbed|expanded|gained|added|surged|soared|boosted"
_DOWN = r"decreased|decreases?|decreasing|declined|declines?|fell|fallen|falls?|dropped|drops?|down|shrank|shrunk|contracted|reduced|lost|slipped|plunged|cut"
_CHANGE_BEFORE = re.compile(
    rf"(?i)\b(?:(?P<up>{_UP}|an?\s+(?:increase|rise|growth)\s+of|growth\s+of)"
    rf"|(?P<down>{_DOWN}|an?\s+(?:decrease|decline|drop|fall|reduction)\s+of))\s+(?:by\s+)?$"
)
_CHANGE_AFTER = re.compile(
    r"(?i)\s+(?:(?P<up>increase|growth|rise|jump|more|higher|up)|(?P<down>decrease|decline|drop|fall|reduction|less|lower|down))\b"
)
_DETERMINER = re.compile(r"(?i)\b(?:the|these|those|both|all|its|their|our|his|her|whose)\s+$")
_CLOCK = re.compile(r"(?i)\s*(?::\d\d|[ap]\.?m\.?(?!\w)|o'clock|h\b)")
_OFFSET = re.compile(r"(?i)(?:(?:UTC|GMT)\s*)?[+−]\s*$")
# "Programme of Economic Cooperation for 2022-2026": a period inside a document's title.
_TITLE_BEFORE = re.compile(r"[A-Z][\w-]+\s+for\s+$")
_BOUNDARY = re.compile(
    r";|\s[–—-]\s|,\s+(?:and|but|while|whereas|which|whose|who|where|although)\b"
)


@dataclass(frozen=True, slots=True)
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    value_max: float | None = None
    noun: str | None = None  # the counted noun as written, for its indicator
    change: str | None = None  # set by the words of the quantity itself ("doubled")


def find_figures(
    text: str, sentences: list[Sentence], times: list[TimeMention], published: str | None
) -> list[FigureMention]:
    """Every figure in ``text`` with its value, unit, qualifier, change, indicator and period.

    Periods come from ``times``, already resolved against ``published``; a period after
    ``published`` makes a figure a target.
    """
    spans = sorted((t.start, t.end) for t in times)
    figures: list[FigureMention] = []
    for sentence in sentences:
        quantities = [q for q in _candidates(text, sentence) if _valid(q, text, spans)]
        here = [t for t in times if t.sentence == sentence.index]
        previous = sentence.start  # a figure's aim words come after the figure before it
        for q in _select(quantities):
            figure = _describe(q, text, sentence, here)
            figure.target = _aimed_at(text[previous : figure.start]) or _ahead(
                figure.period, published
            )
            if figure.target:  # '... exceeding the target of $2 billion set for 2027'
                figure.period = _goal_period(figure, here, published) or figure.period
            figures.append(figure)
            previous = figure.end
    return figures


# Words of aim or of the future leading to a figure (the last such words before it count).
_AIM = re.compile(
    r"(?i)\b(?:will|would|could|should|shall|can|may|might|to)\s+(?:(?:further|significantly|"
    r"gradually|eventually|soon|at least)\s+)?(?:reach|exceed|surpass|hit|total|achieve|bring|"
    r"raise|increase|boost|lift|take|double|triple|grow|rise|amount|be)\b|"
    r"\b(?:bringing|raising|boosting|lifting|taking|doubling|tripling)\b[^,;.]*?\bto\s*$|"
    r"\b(?:goal|target|task|aim|objective)\b"
)
# Between the aim words and the figure: a clause break, or a level reported as reached
# ("agreed to expand cooperation and trade reached $2 billion").
_REACHED = re.compile(
    r"(?i)[,;]|\s[–—]\s|\b(?:reached|amounted|stood|totall?ed|was|were|grew|rose|increased|"
    r"exceeded|hit|fell|declined|decreased)\b"
)
_AIM_REACH = 80  # characters from the aim words to the figure


def _aimed_at(before: str) -> bool:
    """Whether ``before`` (the sentence's text from the previous figure) ends with words of
    aim leading to the figure."""
    ends = [m.end() for m in _AIM.finditer(before)]
    if not ends:
        return False
    between = before[ends[-1] :]
    return len(between) <= _AIM_REACH and not _REACHED.search(between)


def _goal_period(
    figure: FigureMention, times: list[TimeMention], published: str | None
) -> str | None:
    """The time a goal is set for: the nearest after it in the sentence that is a deadline
    ('by 2030') or after the publication ('for 2027'), not a date of the past ('set in
    2019')."""
    for time in sorted(times, key=lambda t: t.start):
        if time.start < figure.end or not time.value:
            continue
        if time.kind == "until":
            return time.end_value or time.value
        if time.kind == "date" and _ahead(time.value, published):
            return time.value
    return None


def _ahead(period: str | None, published: str | None) -> bool:
    """Whether ``period`` starts after ``published`` (compared at the coarser precision)."""
    if not period or not published:
        return False
    start = period.split("/")[0]
    size = min(len(start), len(published))
    return start[:size] > published[:size]


@lru_cache(maxsize=65_536)  # fusion asks for every restatement of every target
def amounts(text: str) -> frozenset[tuple[str, float]]:
    """The quantities a short text states, as (unit, value) read the way figures are
    ('$5 billion' and '5 billion dollars' alike), dates aside."""
    sentence = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)
    return frozenset((q.unit, q.value) for q in _candidates(text, sentence) if _valid(q, text, []))


# --- candidates ---------------------------------------------------------------------


def _candidates(text: str, sentence: Sentence) -> list[_Quantity]:
    found: list[_Quantity] = []
    lowered = sentence.text.lower()
    words = set(_LETTERS.findall(lowered))
    if _DIGIT.search(lowered) or not NUMBER_WORDS.isdisjoint(words):
        for match in NUMBER.finditer(text, sentence.start, sentence.end):
            quantity = _quantity(text, match, sentence)
            if quantity is not None:
                found.append(quantity)
    if _MULTIPLIER_WORDS.isdisjoint(words) and "fold" not in lowered:
        return found
    for match in _MULTIPLIER.finditer(text, sentence.start, sentence.end):
        if match.group("n"):
            factor = parse_number(match.group("n")) or 0.0
            found.append(_Quantity(match.start(), match.end(), factor, "times"))
        else:
            factor = _VERB_FACTORS[match.group("verb")[:4].lower()]
            change = "decrease" if factor < 1 else "increase"
            found.append(_Quantity(match.start(), match.end(), factor, "times", change=change))
    return found


def _amount(text: str, match: re.Match[str], limit: int) -> tuple[Decimal, int, int]:
    """The number at ``match`` times any scale word after it: value, end, scale."""
    value = Decimal(str(parse_number(match.group(0)) or 0))
    scale = SCALE.match(text, match.end(), limit)
    if scale is None:
        return value, match.end(), 1
    factor = scale_of(scale.group("word") or scale.group("abbr") or scale.group("short"))
    return value * factor, scale.end(), factor


def _quantity(text: str, match: re.Match[str], sentence: Sentence) -> _Quantity | None:
    """Read the number at ``match`` with its currency, scale, range and unit."""
    limit = sentence.end
    value, end, scale = _amount(text, match, limit)
    start, unit = match.start(), None
    before = _CUR_BEFORE.search(text, max(sentence.start, start - 4), start)
    if before:
        start, unit = before.start(), _SYMBOLS.get((before.group("sym") or "").lower())
        unit = unit or before.group("code")
    value_max, end = _range(text, match, end, limit, scale)
    if value_max is not None and scale == 1:
        value, scale = value * value_max[1], value_max[1]
    if match.lastgroup == "fraction":
        return _fraction(text, match, sentence)
    if unit is None:
        found = _unit_after(text, end, limit, scale)
        if found is None:
            return None
        unit, end, noun = found
    else:
        noun = None
    top = float(value_max[0]) if value_max else None
    return _Quantity(start, end, float(value), unit, top, noun)


def _range(
    text: str, match: re.Match[str], end: int, limit: int, scale: int
) -> tuple[tuple[Decimal, int] | None, int]:
    """ "$10-12 million", "$10 million to $12 million": the upper value and its scale."""
    joint = _RANGE.match(text, end, limit)
    left = text[max(0, match.start() - 6) : match.start()].lower()
    if joint is None or "from" in left:
        return None, end
    second = NUMBER.match(text, joint.end(), limit)
    if second is None or second.lastgroup not in ("digits", "words"):
        return None, end
    top, top_end, top_scale = _amount(text, second, limit)
    first = (parse_number(match.group(0)) or 0) * (scale if scale > 1 else top_scale)
    if float(top) <= first:
        return None, end
    return (top, top_scale), top_end


def _fraction(text: str, match: re.Match[str], sentence: Sentence) -> _Quantity | None:
    """A bare fraction ("by almost a third") is a share only after a verb of change."""
    left = text[max(sentence.start, match.start() - 40) : match.start()]
    qualifier = _QUALIFIER.search(left)
    left = left[: qualifier.start()] if qualifier else left
    if not _CHANGE_BEFORE.search(left) or not left.rstrip().lower().endswith("by"):
        return None
    share = (parse_number(match.group(0)) or 0) * 100
    return _Quantity(match.start(), match.end(), round(share, 4), "percent")


def _unit_after(text: str, end: int, limit: int, scale: int) -> tuple[str, int, str | None] | None:
    """The unit written after a number: currency, percent, times, measure or counted noun."""
    for pattern, kind in ((_CUR_AFTER, "cur"), (_PERCENT, "pct"), (_TIMES, "times"),
                          (_MEASURE, "m")):  # fmt: skip
        found = pattern.match(text, end, limit)
        if found:
            if kind == "cur":
                return _CURRENCIES[found.group("cur").lower()], found.end(), None
            if kind == "pct":
                return "percentage points" if found.group("pp") else "percent", found.end(), None
            if kind == "times":
                return "times", found.end(), None
            return _MEASURES[found.group("m").lower()], found.end(), None
    compound = _COMPOUND.match(text, end, limit)
    if compound:
        noun = compound.group("noun")
        if noun in _DURATION or noun.endswith("s"):
            return None
        unit = _MEASURES.get(noun) or ("people" if noun + "s" in _PERSONS else noun + "s")
        return unit, compound.end(), noun + "s"
    return _counted_noun(text, end, limit)


def _counted_noun(text: str, pos: int, limit: int) -> tuple[str, int, str] | None:
    """ "160 joint projects", "two Kyrgyz shepherds": up to two modifiers, then a plural."""
    for _ in range(3):
        word = _WORD.match(text, pos, limit)
        if word is None:
            return None
        token, low = word.group(1), word.group(1).lower()
        if token.islower() and low.rstrip("s") in _DURATION:
            return None
        if token.islower() and _is_plural(low):
            return ("people" if low in _PERSONS else low), word.end(), low
        if low in _STOP or low.endswith("ly") or not (token.islower() or token.istitle()):
            return None
        pos = word.end()
    return None


def _is_plural(word: str) -> bool:
    if word in _IRREGULAR:
        return True
    if word in _STOP or len(word) < 4 or not word.endswith("s"):
        return False
    return not word.endswith(("ss", "us", "is", "ous", "'s", "’s"))


# --- validation and selection ------------------------------------------------------


def _valid(q: _Quantity, text: str, spans: list[tuple[int, int]]) -> bool:
    """Drop numbers that are dates, clock times, offsets, phones, ordinals or markers."""
    if any(start < q.end and q.start < end for start, end in spans):
        return False
    if not math.isfinite(q.value) or (q.value_max is not None and not math.isfinite(q.value_max)):
        return False
    before, after = text[max(0, q.start - 12) : q.start], text[q.start : q.end + 12]
    digits = re.match(r"[\d,.]+", after)
    glued = q.start > 0 and (text[q.start - 1].isalnum() or before.endswith("#"))
    if glued or re.search(r"(?:[A-Za-z]-|\bNo\.\s*)$", before):  # "Kambarata-1", "No. 5"
        return False
    if digits:
        tail = text[q.start + digits.end() : q.start + digits.end() + 8]
        if _CLOCK.match(tail) or _OFFSET.search(before) or re.match(r"(?:st|nd|rd|th)\b", tail):
            return False
        if re.search(r"\d:$", before) or _is_phone(text, q.start):
            return False
        line_start = q.start == 0 or text[q.start - 1] == "\n"
        if line_start and re.match(r"[.)]\s", tail):
            return False
    words = after[: q.end - q.start].split()
    if words and words[0].lower() in ("one", "a", "an") and q.value <= 1 and q.unit != "percent":
        return False  # "one history", "a year": a single thing is not a figure
    small_word = words and not words[0][0].isdigit() and q.value <= 10
    return not (small_word and _DETERMINER.search(before) and q.unit not in _SYMBOLS.values())


def _is_phone(text: str, start: int) -> bool:
    """Nine or more digits in one run of digits, spaces, brackets and dashes."""
    lo, hi = start, start
    while lo > 0 and text[lo - 1] in "0123456789 ()+-":
        lo -= 1
    while hi < len(text) and text[hi] in "0123456789 ()+-":
        hi += 1
    run = text[lo:hi]
    return sum(c.isdigit() for c in run) >= 9 and ("+" in run or " " in run.strip())


def _select(quantities: list[_Quantity]) -> list[_Quantity]:
    chosen: list[_Quantity] = []
    for q in sorted(quantities, key=lambda q: (q.start - q.end, q.start)):
        if all(q.end <= c.start or q.start >= c.end for c in chosen):
            chosen.append(q)
    return sorted(chosen, key=lambda q: q.start)


# --- description ---------------------------------------------------------------------


def _describe(
    q: _Quantity, text: str, sentence: Sentence, times: list[TimeMention]
) -> FigureMention:
    left = text[max(sentence.start, q.start - 40) : q.start]
    qualifier = _QUALIFIER.search(left)
    start = q.start - (len(left) - qualifier.start()) if qualifier else q.start
    change = q.change or _change(text, sentence, start, q.end)
    value, value_max = q.value, q.value_max
    if change == "decrease" and q.unit != "times":
        value, value_max = (-value_max, -value) if value_max is not None else (-value, None)
    return FigureMention(
        start=start,
        end=q.end,
        text=text[start : q.end],
        sentence=sentence.index,
        value=value,
        value_max=value_max,
        unit=q.unit,
        qualifier=_QUALIFIERS[re.sub(r"\s+", " ", qualifier.group("q").lower())]
        if qualifier
        else _more_than(q, text),
        indicator=_indicator(q, text, sentence),
        period=_period(q, text, times),
        change=change,  # type: ignore[arg-type]
    )


# 'a treaty as well as six other documents': seven in all, more than six
_BESIDES = re.compile(r"[\w.,’'-]+\s+(?:other|more|additional|further)\s", re.I)


def _more_than(q: _Quantity, text: str) -> str | None:
    """'more than' for a count of things besides others ('six other documents')."""
    if q.unit in _CURRENCIES.values() or q.unit in ("percent", "percentage points", "times"):
        return None
    return "more than" if _BESIDES.match(text, q.start) else None


def _change(text: str, sentence: Sentence, start: int, end: int) -> str | None:
    before = _CHANGE_BEFORE.search(text, max(sentence.start, start - 30), start)
    after = _CHANGE_AFTER.match(text, end, sentence.end)
    found = before or after
    if found is None:
        return None
    return "increase" if found.group("up") else "decrease"


def _unit_class(q: _Quantity) -> str:
    if q.unit in _CURRENCIES.values():
        return "money"
    if q.unit in ("percent", "percentage points"):
        return "percent"
    if q.unit in ("km",):
        return "length"
    if q.unit in ("tons", "kg", "m3", "bcm", "barrels", "TEU", "MW", "GW", "kWh", "MWh", "GWh"):
        return "volume"
    if q.unit == "people":
        return "people"
    if q.unit in ("times",):
        return "times"
    return "time" if q.unit in ("hours", "minutes") else "count"


def _indicator(q: _Quantity, text: str, sentence: Sentence) -> str | None:
    """What the figure measures: its own noun if telling, else the nearest lexicon phrase."""
    if q.noun in _NOUN_INDICATORS:
        return _NOUN_INDICATORS[q.noun]
    unit_class = _unit_class(q)
    best, best_distance = None, None
    for name, classes, pattern in _INDICATOR_PATTERNS:
        if unit_class not in classes:
            continue
        for found in pattern.finditer(text, sentence.start, sentence.end):
            # The measured thing is usually named before the figure, in the same clause.
            distance = _distance(text, found.start(), found.end(), q.start, q.end, comma=50)
            distance *= 2 if found.start() >= q.end else 1
            if best_distance is None or distance < best_distance:
                best, best_distance = name, distance
    return best


def _distance(text: str, a_start: int, a_end: int, b_start: int, b_end: int, comma: int = 0) -> int:
    """Characters between two spans, plus a penalty per clause break (and comma) between."""
    lo, hi = (a_end, b_start) if a_end <= b_start else (b_end, a_start)
    if hi < lo:
        return 0
    breaks = len(_BOUNDARY.findall(text, lo, hi))
    return (hi - lo) + 1000 * breaks + comma * text.count(",", lo, hi)


def _period(q: _Quantity, text: str, times: list[TimeMention]) -> str | None:
    """The nearest time expression in the sentence, unless a clause break separates them."""
    scored = [
        (_distance(text, t.start, t.end, q.start, q.end), t)
        for t in times
        if not _TITLE_BEFORE.search(text, max(0, t.start - 40), t.start)
    ]
    scored = [(d, t) for d, t in scored if d < 1000]
    if not scored:
        return None
    mention = min(scored, key=lambda pair: pair[0])[1]
    if mention.kind == "until":
        return mention.end_value
    if mention.kind in ("range", "since", "duration") and mention.value and mention.end_value:
        return f"{mention.value}/{mention.end_value}"
    return mention.value
