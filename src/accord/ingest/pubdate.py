"""Publication date lines of a document header: find, validate, normalise.

Only the lines a document prints about itself are read ("3 March 2022 14:25",
"14 June 2022 09:15 (UTC +05:00)", "date 2022-06-14", "Published: 15.06.2022").
Nothing here falls back to today's date or a file time: no match is ``None``.
Hand-written rather than dateparser because dateparser accepts far more than
a date line (it reads "we" as Wednesday) and we want the exact span it used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = (
    r"(?:(?:\s*[,|·•]\s*|\s+)(?:at\s+)?(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*\(?\s*(?:(?P<tzname>UTC|GMT)\s*(?P<tzoff>[+\-−]\s*\d{1,2}(?::?\d{2})?)?"
    r"|(?P<tzbare>[+\-−]\d{2}:?\d{2}))\s*\)?)?)?"
)
_PATTERNS = [
    # 2022-06-14, 2022-06-14T09:15:00+05:00
    re.compile(
        r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
        r"(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?(?:\.\d+)?"
        r"(?P<tziso>Z|[+\-]\d{2}:?\d{2})?)?",
        re.I,
    ),
    # 14 June 2022, 3 March 2022 14:25
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})" + _TIME, re.I),
    # June 14, 2022
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME, re.I),
    # 15.06.2022 (day first, the European and Central Asian convention)
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})" + _TIME, re.I),
]
_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_LABEL = re.compile(
    r"^\s*(?:(?:last\s+)?updated|published(?:\s+on)?|posted(?:\s+on)?|created|date|dated"
    r"|time|released)\b\s*[:\-–—]?\s*",
    re.I,
)
_FILLER = re.compile(r"^[\s,.|·•:;()\-–—/]*$")
_WEEKDAY_RE = re.compile(rf"\b{_WEEKDAYS}\b,?", re.I)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a line: the ISO value and where it stood."""

    value: str
    start: int
    end: int


def find_datetime(line: str) -> FoundDate | None:
    """Return the first valid full date (with time and offset when printed) in ``line``."""
    best: FoundDate | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            value = _normalise(match.groupdict())
            if value and (best is None or match.start() < best.start):
                best = FoundDate(value, match.start(), match.end())
                break
    return best


def parse_date_line(line: str) -> str | None:
    """If ``line`` is a date line (a date and nothing but labels around it), return its ISO value."""
    stripped = _LABEL.sub("", line.strip())
    found = find_datetime(stripped)
    if found is None:
        return None
    rest = stripped[: found.start] + " " + stripped[found.end :]
    rest = _LABEL.sub("", _WEEKDAY_RE.sub("", rest))
    return found.value if _FILLER.match(rest) else None


def _normalise(groups: dict[str, str | None]) -> str | None:
    try:
        year = int(groups["y"] or "")
        month = (
            MONTHS[groups["mon"].lower().rstrip(".")]
            if groups.get("mon")
            else int(groups["m"] or "")
        )
        day_value = date(year, month, int(groups["d"] or ""))
    except (KeyError, ValueError):
        return None
    if not 1900 <= year <= 2100:
        return None
    if not groups.get("hh"):
        return day_value.isoformat()
    hour, minute = int(groups["hh"]), int(groups["mm"] or 0)
    second = int(groups.get("ss") or 0)
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    moment = datetime(year, month, day_value.day, hour, minute, second)
    try:
        tz = _timezone(groups)
    except ValueError:  # "UTC +25:00" is a misprint, not a time we can place
        return None
    if tz is not None:
        moment = moment.replace(tzinfo=tz)
    return moment.isoformat()


def _timezone(groups: dict[str, str | None]) -> timezone | None:
    """The printed offset (None if none is printed); ValueError if it cannot exist."""
    raw = groups.get("tziso") or groups.get("tzoff") or groups.get("tzbare")
    if raw is None:
        return UTC if groups.get("tzname") else None
    if raw.upper() == "Z":
        return UTC
    raw = raw.replace("−", "-").replace(" ", "")
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours = int(digits[:-2] if len(digits) > 2 else digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 14 or minutes > 59:
        raise ValueError(f"no such UTC offset: {raw}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
