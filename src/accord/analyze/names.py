"""Personal names: transliteration-insensitive keys, patronymics, slugs.

Central Asian names reach English through Russian, national Latin alphabets
and press-office habits, so one surname appears as Japarov / Zhaparov /
Dzhaparov, Toqayev / Tokayev, Mirziyoyev / Mirziyaev, Berdimuhamedow /
Berdymukhammedov. :func:`name_key` folds such variants to one key. A key is
evidence that two spellings are the same *name*; whether two mentions are the
same *person* is decided elsewhere from full names, roles and context (a
father and son share a surname key and stay two people).
"""

from __future__ import annotations

import re

from anyascii import anyascii

# Applied in order to lower-cased ASCII text. Hand-written: no library folds
# the Russian/Kazakh/Uzbek/Turkmen romanisations of one name together.
_FOLDS = [
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"), ("x", "h"),
    ("w", "v"), ("ph", "f"), ("ts", "c"), ("tch", "ch"), ("sch", "sh"), ("y", "i"), ("'", ""),
    ("`", ""), ("-", ""),
]  # fmt: skip
_VOWEL_RUN = re.compile(r"[aeiou]+")
_DOUBLE = re.compile(r"(.)\1+")
_PATRONYMIC = re.compile(
    r"(?:ovich|evich|ovych|evych|ovna|evna|ichna|ogly|oglu|ohlu|uly|ulu|kyzy|qizi|kizi|gyzy)$", re.I
)
_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_lower(text: str) -> str:
    """Lower-cased ASCII transliteration (Cyrillic and diacritics included)."""
    return anyascii(text).lower()


def fold_token(token: str) -> str:
    """Transliteration-insensitive key of one name token ('Zhaparov' -> 'japariv'-like key)."""
    text = re.sub(r"[^a-z'`-]", "", ascii_lower(token))
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    if not text:
        return ""
    # Vowels vary most between romanisations (Mirziyoyev / Mirziyaev): keep the
    # first letter and reduce every vowel run to one placeholder.
    return text[0] + _VOWEL_RUN.sub("a", text[1:])


def name_key(name: str) -> str:
    """Key of a whole name: folded tokens joined by spaces."""
    return " ".join(t for t in (fold_token(p) for p in tokens(name)) if t)


def tokens(name: str) -> list[str]:
    """Name tokens without titles' punctuation: 'Kassym-Jomart Tokayev' -> 2 tokens."""
    return [t for t in re.split(r"[\s,]+", name.strip()) if t and t not in {".", "-"}]


def is_patronymic(token: str) -> bool:
    """True for patronymic forms of address: Miromonovich, Nurgozhoevich, ... oglu, ... qizi."""
    return len(token) > 5 and bool(_PATRONYMIC.search(ascii_lower(token)))


def slug(text: str) -> str:
    """A stable id fragment: 'Shavkat Mirziyoyev' -> 'shavkat-mirziyoyev'."""
    return _SLUG.sub("-", ascii_lower(text)).strip("-")


def split_person_name(name: str) -> tuple[list[str], str | None, str | None]:
    """(given names, patronymic, surname) of a name as written.

    'Shavkat Miromonovich' -> (['Shavkat'], 'Miromonovich', None);
    'Sadyr Japarov' -> (['Sadyr'], None, 'Japarov'); 'Japarov' -> ([], None, 'Japarov').
    Turkic forms with a separate particle ('Ilham Heydar oglu') keep the particle in the patronymic.
    """
    parts = tokens(name)
    patronymic = None
    for i, part in enumerate(parts):
        if i > 0 and is_patronymic(part):  # a given name comes first ('Gurbanguly' is not one)
            patronymic = part
            parts = parts[:i] + parts[i + 1 :]
            break
        if part.lower() in {"oglu", "ogly", "qizi", "kyzy", "uly", "gyzy"} and i > 1:
            patronymic = " ".join(parts[i - 1 : i + 1])
            parts = parts[: i - 1] + parts[i + 1 :]
            break
    if not parts:
        return [], patronymic, None
    if len(parts) == 1:
        return ([parts[0]], patronymic, None) if patronymic else ([], None, parts[0])
    return parts[:-1], patronymic, parts[-1]
