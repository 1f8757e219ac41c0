"""Language identification, just enough to keep non-English text out of English analysis.

accord analyses English only, so the question that matters is "is this
English?". The share of very frequent function words answers it reliably on
article-length text. Other languages are named when their own function words
dominate, else reported as undetermined in their script (BCP 47 ``und-Cyrl``).
Hand-written because the well-kept detectors either download models or weigh
about 100 MB, for a yes/no question.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_FUNCTION_WORDS = {
    "en": "the of and to in a is that for on with as was by at from it be are said will has have "
    "this which an its were their not but or also been after",
    "ru": "и в не на что с по как это он к из за от о для так же но его она был бы они также при до",
    "fr": "le la les de des et en du un une est que pour dans qui sur au avec par pas ce il été",
    "de": "der die das und in den von zu mit ist des sich im dem nicht ein eine auf für auch es an "
    "wurde",
    "es": "el la los las de del y en que un una es por con para se al su lo como más fue",
    "tr": "ve bir bu da de ile için olarak çok daha olan gibi ama en ise kadar sonra her",
    "uz": "va bilan uchun bu ham bo'yicha o'z esa bir yil haqida qilish ushbu kabi orqali",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_WORDS = 8


def detect_language(text: str) -> str | None:
    """BCP 47 tag for ``text``: 'en', another language, 'und-<Script>', or None if too short."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text[:20000])]
    if len(words) < _MIN_WORDS:
        return None
    counts = Counter(words)
    scores = {
        lang: sum(counts[w] for w in vocabulary.split()) / len(words)
        for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] >= 0.12:
        return best
    return f"und-{_dominant_script(text)}"


def _dominant_script(text: str) -> str:
    scripts: Counter[str] = Counter()
    for char in text[:5000]:
        if char.isalpha():
            name = unicodedata.name(char, "")
            scripts[_script_of(name)] += 1
    return scripts.most_common(1)[0][0] if scripts else "Zyyy"


def _script_of(name: str) -> str:
    for prefix, code in (
        ("CYRILLIC", "Cyrl"),
        ("ARABIC", "Arab"),
        ("CJK", "Hani"),
        ("HIRAGANA", "Jpan"),
        ("KATAKANA", "Jpan"),
        ("HANGUL", "Kore"),
        ("GREEK", "Grek"),
        ("HEBREW", "Hebr"),
        ("DEVANAGARI", "Deva"),
        ("GEORGIAN", "Geor"),
        ("ARMENIAN", "Armn"),
        ("THAI", "Thai"),
    ):
        if name.startswith(prefix):
            return code
    return "Latn"
