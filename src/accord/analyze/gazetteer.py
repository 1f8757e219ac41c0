"""Reference-table lookup inside a spaCy Doc: countries, demonyms, places, organisations, people.

Two PhraseMatchers built once per process: one on exact spelling (acronyms
such as SCO, CIS, OTS, where case matters) and one case-insensitive. A
case-insensitive match must still start with a capital letter in the text,
so that "turkey" the bird or "chad" in lower case are not countries.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from accord.analyze.names import ascii_lower
from accord.analyze.reference import Entry, Reference


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    start: int  # character offsets
    end: int
    text: str
    entries: tuple[Entry, ...]


class Gazetteer:
    """Matches every surface form of the reference tables in a Doc."""

    def __init__(self, nlp: Language, reference: Reference) -> None:
        self.reference = reference
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for surface in reference.exact:
            self._exact.add("X:" + surface, [nlp.make_doc(surface)])
        surfaces = _surfaces(reference)
        for key, forms in surfaces.items():
            self._folded.add("F:" + key, [nlp.make_doc(form) for form in forms])

    def __call__(self, doc: Doc) -> list[GazetteerMatch]:
        found = []
        strings = doc.vocab.strings
        for matcher in (self._exact, self._folded):
            for match_id, start, end in matcher(doc):
                label = strings[match_id]
                span = doc[start:end]
                if label.startswith("F:") and not span.text[:1].isupper():
                    continue
                entries = (
                    self.reference.exact.get(label[2:], [])
                    if label.startswith("X:")
                    else self.reference.folded.get(label[2:], [])
                )
                if entries:
                    found.append(
                        GazetteerMatch(span.start_char, span.end_char, span.text, tuple(entries))
                    )
        return found


def _surfaces(reference: Reference) -> dict[str, list[str]]:
    """Original spellings of every folded key (the matcher needs the text, not the key)."""
    forms: dict[str, list[str]] = {key: [] for key in reference.folded}
    originals = []
    for country in reference.countries.values():
        originals += [
            country.name,
            *country.aliases,
            *country.demonyms,
            country.capital,
            *country.capital_aliases,
        ]
        originals += [name for city in country.cities for name in city]
    for org in reference.organizations.values():
        originals += [org.name, *org.aliases]
    for person in reference.people.values():
        originals += person.aliases
    for original in originals:
        key = ascii_lower(original).strip()
        if key in forms and original not in forms[key]:
            forms[key].append(original)
    return {key: values or [key] for key, values in forms.items()}
