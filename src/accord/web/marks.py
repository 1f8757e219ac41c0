"""Document text with spans marked (mentions, times, figures, evidence), as safe HTML.

Spans may nest or overlap (a time inside an evidence sentence, a mention
inside a figure's sentence): the text is cut at every span boundary and each
piece is wrapped in the elements of the spans that cover it. Every piece of
text and every attribute is escaped here; only the tags are ours.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from accord.analyze.numbers import NUMBER, SCALE, parse_number, scale_of


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the text to mark: CSS classes, a tooltip, an internal link, an anchor id."""

    start: int
    end: int
    css: str
    title: str | None = None
    href: str | None = None
    anchor: str | None = None


def marked_html(text: str, marks: list[Mark]) -> Markup:
    """``text`` as escaped HTML with each mark wrapped around its span.

    Marks are opened in order of start (longer first) and kept whole when they
    nest; a mark that crosses the end of an enclosing one is split there.
    """
    queue = [
        (m.start, -m.end, n, m) for n, m in enumerate(marks) if 0 <= m.start < m.end <= len(text)
    ]
    heapq.heapify(queue)
    out: list[str] = []
    stack: list[tuple[Mark, str]] = []  # open marks and their closing tags
    pos, serial = 0, len(marks)

    def advance(to: int) -> None:
        nonlocal pos
        out.append(str(escape(text[pos:to])))
        pos = to

    def close_until(limit: int) -> None:
        while stack and stack[-1][0].end <= limit:
            mark, closing = stack.pop()
            advance(mark.end)
            out.append(closing)

    while queue:
        _, _, _, mark = heapq.heappop(queue)
        close_until(mark.start)
        advance(mark.start)
        if stack and mark.end > stack[-1][0].end:
            split = stack[-1][0].end
            serial += 1
            heapq.heappush(
                queue, (split, -mark.end, serial, replace(mark, start=split, anchor=None))
            )
            mark = replace(mark, end=split)
        linked = any(m.href for m, _ in stack)
        opening, closing = _tags(mark, link=not linked)
        out.append(opening)
        stack.append((mark, closing))
    close_until(len(text))
    advance(len(text))
    return Markup("".join(out))


def _tags(mark: Mark, *, link: bool) -> tuple[str, str]:
    attributes = [f'class="{escape(mark.css)}"']
    if mark.title:
        attributes.append(f'title="{escape(mark.title)}"')
    if mark.anchor:
        attributes.append(f'id="{escape(mark.anchor)}"')
    if mark.href and link:
        return f'<a href="{escape(mark.href)}" {" ".join(attributes)}>', "</a>"
    tag = "mark" if {"evidence", "hl", "hit"} & set(mark.css.split()) else "span"
    return f"<{tag} {' '.join(attributes)}>", f"</{tag}>"


def locate_number(sentence: str, value: float | None) -> tuple[int, int] | None:
    """Offsets of the figure ``value`` as written in ``sentence`` ('$1.2 billion', 'eight')."""
    if value is None:
        return None
    for match in NUMBER.finditer(sentence):
        number = parse_number(match.group(0))
        if number is None:
            continue
        start, end, scale = match.start(), match.end(), 1
        scaled = SCALE.match(sentence, end)
        if scaled:
            scale = scale_of((scaled.group("word") or scaled.group("abbr") or "").strip())
            end = scaled.end() if scale > 1 else end
        unit = _UNIT_AFTER.match(sentence, end)
        end = unit.end() if unit else end
        start -= 1 if start and sentence[start - 1] in "$€£" else 0
        target = abs(value)
        if any(abs(c - target) <= max(1e-9, target * 0.005) for c in (number, number * scale)):
            return start, end
    return None


_UNIT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
