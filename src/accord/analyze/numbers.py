"""Numbers as news copy writes them, in digits or in words.

``NUMBER`` finds "1,300", "1.18", "eight", "forty-two", "three hundred", "two dozen",
"one and a half", "half a", "a quarter of a" (a fraction of the scale word that
follows) and bare fractions ("a third"); :func:`parse_number` turns the match into a
value. Scale words after a number ("million", "bn") are read by :func:`scale_of`.
Decimal arithmetic keeps "1.18 billion" exactly 1180000000.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_FRACTIONS = {"half": Decimal("0.5"), "third": Decimal(1) / 3, "quarter": Decimal("0.25")}
_SCALES = {
    "trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "bln": 10**9,
    "million": 10**6, "mln": 10**6, "mn": 10**6, "m": 10**6, "thousand": 10**3, "k": 10**3,
}  # fmt: skip

# Words without which a text holds no number in words (for cheap pre-checks).
NUMBER_WORDS = frozenset(
    [*_ONES, *_TENS, *_FRACTIONS, "thirds", "quarters", "hundred", "thousand", "million",
     "billion", "trillion", "dozen"]
)  # fmt: skip

_ONE = "|".join(sorted(_ONES, key=len, reverse=True))
_TEN = "|".join(_TENS)
_CARD = rf"(?:(?:{_TEN})(?:[- ](?:{_ONE}))?|{_ONE})\b"
# "three hundred and twenty thousand": cardinals joined by hundred/thousand.
_SEQ = rf"{_CARD}(?:(?:\s+and)?\s+(?:hundred|thousand)\b(?:(?:\s+and)?\s+{_CARD})?)*"
_FRACTION = r"(?:(?:a|one|two|three)[\s-]+(?:half|thirds?|quarters?)|half)\b"
_BIG = r"(?:hundred|thousand|million|billion|trillion)\b"
_DIGITS = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d]|[.,]\d)"

NUMBER = re.compile(
    # The guard rejects positions inside words and before impossible first letters
    # cheaply; without it the alternation below is tried at every character.
    r"(?<![A-Za-z])(?=[\dAaOoTtFfSsEeNnHhZz])"
    rf"(?:(?P<scaled>{_FRACTION}(?:\s+of)?\s+an?(?=\s+{_BIG}))"  # a quarter of a (billion)
    rf"|(?P<and_half>(?:{_SEQ}|an?)\s+and\s+a\s+half)\b"  # one and a half
    rf"|(?P<dozen>(?:{_SEQ}|an?)\s+dozen)\b"
    rf"|(?P<fraction>\b{_FRACTION})"  # a third, two thirds, half
    rf"|(?P<words>\b{_SEQ})"
    rf"|(?P<article>\ban?(?=\s+(?:hundred|thousand|million|billion|trillion)\b))"
    rf"|(?P<digits>{_DIGITS}))",
    re.IGNORECASE,
)
SCALE = re.compile(
    r"\s*(?P<word>trillion|billion|million|thousand)\b|\s?(?P<abbr>bn|bln|mln|mn|tn)\b"
    r"|(?P<short>[mk])\b",
    re.IGNORECASE,
)


def parse_number(text: str) -> float | None:
    """The value of a number in digits or words, or None if it is not one."""
    value = _parse_decimal(text)
    return None if value is None else float(value)


def scale_of(word: str) -> int:
    """The multiplier of a scale word ("bn" -> 10**9); 1 for anything else."""
    return _SCALES.get(word.lower(), 1)


def _parse_decimal(text: str) -> Decimal | None:
    cleaned = text.strip().lower()
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", cleaned):
        try:
            return Decimal(cleaned.replace(",", ""))
        except InvalidOperation:
            return None
    words = re.findall(r"[a-z]+", cleaned)
    if not words:
        return None
    if "half" in words and "and" in words:  # "one and a half"
        whole = _cardinal(words[: words.index("and")])
        return None if whole is None else whole + Decimal("0.5")
    fraction = next((w.rstrip("s") for w in words if w.rstrip("s") in _FRACTIONS), None)
    if fraction is not None:  # "a quarter (of a)", "two thirds", "half (a)"
        count = _cardinal(words[:1]) if words[0] in _ONES else Decimal(1)
        return (count or Decimal(1)) * _FRACTIONS[fraction]
    if words[-1] == "dozen":
        count = Decimal(1) if words[:-1] in (["a"], ["an"]) else _cardinal(words[:-1])
        return None if count is None else count * 12
    if words in (["a"], ["an"]):
        return Decimal(1)
    return _cardinal(words)


def _cardinal(words: list[str]) -> Decimal | None:
    """Sum of cardinal words: "three hundred and twenty thousand" -> 320000."""
    total, current, seen = 0, 0, False
    for word in words:
        for part in word.split("-"):
            if part in _ONES:
                current += _ONES[part]
            elif part in _TENS:
                current += _TENS[part]
            elif part == "hundred":
                current = (current or 1) * 100
            elif part == "thousand":
                total, current = total + (current or 1) * 1000, 0
            elif part in ("and", "a", "an"):
                continue
            else:
                return None
            seen = True
    return Decimal(total + current) if seen else None
