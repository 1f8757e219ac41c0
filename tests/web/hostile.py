"""A knowledge base whose every text field is hostile: markup, event handlers, javascript: links.

Written straight into the tables (as the fusion stage would) so that every
page that shows text has something to escape: names, aliases, roles, titles,
summaries, evidence, removed lines, types used in CSS classes, URLs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from accord.models import (
    Actor,
    Agreement,
    Commitment,
    Conflict,
    ConflictValue,
    Event,
    Evidence,
    Figure,
    Quote,
    RemovedLine,
    Role,
    Subject,
)
from accord.store.kb import open_kb
from accord.store.schema import actors, doc_items, documents, mentions, record_items, record_links

SCRIPT = '<script>alert("xss")</script>'
IMG = "<img src=x onerror=alert(1)>"
XSS = SCRIPT + IMG
JS_URL = "javascript:alert(1)"
ATTRIBUTE = 'meeting" onmouseover="alert(1)'
DOC_ID = "doc-hostile00000001"
EVENT_ID = "evt-hostile"
PERSON = "person:evil"
# Fragments that must never reach a page unescaped.
FORBIDDEN = ("<script", "<img", 'onmouseover="alert', 'href="javascript:')

TEXT = (
    f"TASHKENT — {XSS} President Evil met the Kyrgyz side on 3 March 2022.\n\n"
    f'Trade reached $1.2 billion, he said. <a href="{JS_URL}">click here</a>\n\n'
    f"“{SCRIPT} We are friends,” he said."
)


def _span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def _evidence(fragment: str) -> Evidence:
    start, end = _span(fragment)
    return Evidence(document=DOC_ID, text=TEXT[start:end], start=start, end=end)


def build_hostile_kb(db: str) -> None:
    first = _evidence(f"TASHKENT — {XSS} President Evil met the Kyrgyz side on 3 March 2022.")
    second = _evidence(f'Trade reached $1.2 billion, he said. <a href="{JS_URL}">click here</a>')
    third = _evidence(f"“{SCRIPT} We are friends,” he said.")
    people = [
        Actor(id=PERSON, name=XSS, kind="person", country="UZB", aliases=[XSS, IMG],
              roles=[Role(title=XSS, country="UZB", start="2020", end=None)], mentions=9),
        Actor(id="country:UZB", name=f"Uzbekistan{IMG}", kind="country", country="UZB",
              aliases=[XSS], mentions=8),
        Actor(id="country:KGZ", name=f"Kyrgyzstan{SCRIPT}", kind="country", country="KGZ",
              aliases=[], mentions=7),
    ]  # fmt: skip
    participants = [PERSON, "country:KGZ"]
    items = [
        ("event", Event(id=EVENT_ID, type=ATTRIBUTE, plover=XSS, mode=XSS, date="2022-03-03",
                        date_precision="day", location=XSS, occasion=XSS,
                        participants=participants, source_actor=PERSON, summary=XSS,
                        evidence=[first], source_count=1), "2022-03-03", ATTRIBUTE),
        ("event", Event(id="evt-hostile-meeting", type="meeting", date="2022-03-03",
                        participants=participants, summary=XSS, evidence=[first],
                        source_count=1), "2022-03-03", "meeting"),
        ("event", Event(id="evt-hostile-undated", type="meeting", participants=participants,
                        summary=XSS, evidence=[first], source_count=1), None, "meeting"),
        ("agreement", Agreement(id="agr-hostile", title=XSS, kind=XSS, date="2022-03-03",
                                status=XSS, parties=participants, evidence=[first]),
         "2022-03-03", XSS),
        ("commitment", Commitment(id="com-hostile", text=XSS, by=participants, due="2023",
                                  status="open", evidence=[second], kind=XSS, reason=XSS,
                                  fulfilled_by=[EVENT_ID]), "2023", "open"),
        ("commitment", Commitment(id="com-hostile-2", text=XSS, by=participants, status=ATTRIBUTE,
                                  evidence=[second], kind=XSS, reason=XSS), None, ATTRIBUTE),
        ("figure", Figure(id="fig-hostile", indicator=XSS, value=1.2e9, unit=XSS,
                          qualifier=XSS, period="2022", stated_by=PERSON, evidence=[second]),
         "2022", XSS),
        ("quote", Quote(id="quo-hostile", speaker=PERSON, text=XSS, date="2022-03-03",
                        evidence=[third]), "2022-03-03", "direct"),
        ("conflict", Conflict(id="con-hostile", subject=Subject(kind="figure", id="fig-hostile"),
                              field=XSS, values=[ConflictValue(value=XSS, evidence=[second]),
                                                 ConflictValue(value=2.0, evidence=[first])]),
         None, XSS),
    ]  # fmt: skip
    engine = open_kb(db)
    with engine.begin() as connection:
        connection.execute(insert(documents).values(**_document_row()))
        connection.execute(
            insert(actors),
            [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
              "mentions": a.mentions, "data": a.model_dump(mode="json")} for a in people],
        )  # fmt: skip
        rows, links = [], []
        for kind, item, day, label in items:
            rows.append({"kind": kind, "id": item.id, "date": day, "type": label,
                         "data": item.model_dump(mode="json")})  # fmt: skip
            linked = [*participants] if kind != "conflict" else [""]
            links += [{"item_id": item.id, "actor_id": a, "document_id": DOC_ID} for a in linked]
        connection.execute(insert(record_items), rows)
        connection.execute(insert(record_links), links)
        report = items[0][1].model_dump(mode="json")
        connection.execute(
            insert(doc_items),
            [
                {"document_id": DOC_ID, "kind": "event", "item_id": EVENT_ID, "data": report},
                {"document_id": DOC_ID, "kind": "figure", "item_id": "fig-hostile",
                 "data": items[6][1].model_dump(mode="json")},
                {"document_id": DOC_ID, "kind": "time", "item_id": "0",
                 "data": {"start": _span("3 March 2022")[0], "end": _span("3 March 2022")[1],
                          "text": "3 March 2022", "sentence": 0, "value": XSS, "kind": "date"}},
            ],
        )  # fmt: skip
        start, end = _span("President Evil")
        connection.execute(
            insert(mentions).values(
                document_id=DOC_ID, start=start, end=end, text="President Evil", sentence=0,
                kind="person", actor_id=PERSON, how=XSS, role=XSS,
            )
        )  # fmt: skip
    engine.dispose()


def _document_row() -> dict[str, object]:
    removed = [RemovedLine(line=1, text=XSS, reason=XSS).model_dump()]
    return {
        "id": DOC_ID, "source": JS_URL, "source_key": JS_URL, "url": JS_URL, "format": "txt",
        "title": XSS, "published": "2022-03-03", "published_day": "2022-03-03", "outlet": XSS,
        "authors": [XSS], "dateline": XSS, "attributed_to": [XSS], "language": "en",
        "content_hash": "0" * 64, "version_of": None, "superseded_by": None, "raw": TEXT,
        "text": TEXT, "removed": removed, "word_count": 30, "ingested_at": datetime.now(UTC),
    }  # fmt: skip
