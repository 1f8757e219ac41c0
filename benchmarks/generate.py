"""Synthetic wire-style articles for the scaling benchmarks, deterministic for a seed.

    .venv/bin/python benchmarks/generate.py --articles 10000 --out /tmp/wire10k [--seed 7]
        [--shard-size 1000] [--format jsonl|txt] [--outlets-max 4] [--copies 0.02]

Each generated *event* (talks, a phone call, a state visit, a signing, a
summit on the sidelines) between two real office holders of the reference
tables is reported by k outlets, k drawn from 1..--outlets-max: the same
event in different words, with the leaders' names spelt as each outlet spells
them (Japarov / Zhaparov), dates stated absolutely ("on June 14") or
relative to the publication day ("on Tuesday", "yesterday"), figures rounded
differently. A share --copies of the articles are verbatim copies of an
earlier one under another URL (syndication), which accord stores once.

Output: JSONL shards ``shard-00000.jsonl`` ... of --shard-size articles with
the fields accord reads (text, title, published, outlet, url, authors), or
with --format txt one text file per article in numbered folders. A
``.manifest.json`` records the parameters and counts. Every sentence template
below was written for this benchmark.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# name variants as different outlets print them; the first is the reference spelling
LEADERS = {
    "UZB": ("President", ["Shavkat Mirziyoyev", "Shavkat Mirziyoev", "Shavkat Mirziyaev"]),
    "KGZ": ("President", ["Sadyr Japarov", "Sadyr Zhaparov", "Sadyr Dzhaparov"]),
    "KAZ": ("President", ["Kassym-Jomart Tokayev", "Kassym-Jomart Tokaev", "Qasym-Jomart Toqayev"]),
    "TJK": ("President", ["Emomali Rahmon", "Emomali Rakhmon"]),
    "TKM": ("President", ["Serdar Berdimuhamedow", "Serdar Berdymukhamedov"]),
    "AZE": ("President", ["Ilham Aliyev"]),
    "TUR": ("President", ["Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"]),
    "RUS": ("President", ["Vladimir Putin"]),
}
COUNTRIES = {
    "UZB": ("Uzbekistan", "Uzbek", "Tashkent", ["Samarkand", "Bukhara", "Andijan"]),
    "KGZ": ("Kyrgyzstan", "Kyrgyz", "Bishkek", ["Osh", "Jalal-Abad", "Cholpon-Ata"]),
    "KAZ": ("Kazakhstan", "Kazakh", "Astana", ["Almaty", "Shymkent", "Turkistan"]),
    "TJK": ("Tajikistan", "Tajik", "Dushanbe", ["Khujand", "Bokhtar"]),
    "TKM": ("Turkmenistan", "Turkmen", "Ashgabat", ["Turkmenbashi", "Mary"]),
    "AZE": ("Azerbaijan", "Azerbaijani", "Baku", ["Ganja", "Shusha"]),
    "TUR": ("Turkey", "Turkish", "Ankara", ["Istanbul", "Izmir"]),
    "RUS": ("Russia", "Russian", "Moscow", ["Saint Petersburg", "Kazan", "Sochi"]),
}
OUTLETS = [
    "Steppe Herald", "Central Asia Wire", "Silk Road Monitor", "Bishkek Courier",
    "Caspian Dispatch", "Pamir Post", "Turan Daily", "Oxus Review", "Eurasia Briefing",
    "Mountain News Agency",
]  # fmt: skip
TOPICS = [
    "trade", "transport and logistics", "energy", "water management", "agriculture",
    "digital connectivity", "border delimitation", "tourism", "education", "healthcare",
    "industrial cooperation", "mining", "regional security", "cultural ties",
]  # fmt: skip
PROJECTS = [
    "a railway linking the two countries", "a joint hydropower plant",
    "a cross-border trade zone", "a new highway corridor", "a fertiliser plant",
    "a logistics hub near the border", "a textile cluster", "a solar power park",
]  # fmt: skip
KINDS = ("talks", "phone", "visit", "signing", "sidelines")
SUMMITS = [
    ("the Shanghai Cooperation Organisation summit", "Astana"),
    ("the Organization of Turkic States summit", "Baku"),
    ("the CIS informal summit", "Saint Petersburg"),
    ("the Central Asia consultative meeting", "Cholpon-Ata"),
]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, which several outlets will report."""

    number: int
    kind: str
    host: str
    guest: str
    day: date
    place: str
    summit: str | None
    topics: tuple[str, ...]
    project: str
    trade: float  # billions of dollars, last year
    target: int  # billions of dollars, promised
    target_year: int
    documents: int


START = date(2021, 1, 4)


def make_event(rng: random.Random, number: int, per_day: float | None = None) -> Event:
    """Event ``number``: on a random day of four years, or with ``per_day`` (events a
    day) the day a steady feed reaches it, so events come in the order they happen."""
    host, guest = rng.sample(sorted(LEADERS), 2)
    kind = rng.choice(KINDS)
    summit, place = None, COUNTRIES[host][2]
    if kind == "sidelines":
        summit, place = rng.choice(SUMMITS)
    elif kind == "visit" and rng.random() < 0.3:
        place = rng.choice(COUNTRIES[host][3])
    if per_day is None:
        day = START + timedelta(days=rng.randrange(0, 4 * 365))
    else:
        day = START + timedelta(days=int(number / per_day))
    return Event(
        number=number,
        kind=kind,
        host=host,
        guest=guest,
        day=day,
        place=place,
        summit=summit,
        topics=tuple(rng.sample(TOPICS, 3)),
        project=rng.choice(PROJECTS),
        trade=_trade(host, guest, day.year - 1),
        target=rng.choice((2, 3, 5, 7, 10)),
        target_year=rng.choice((2026, 2027, 2028, 2030)),
        documents=rng.randrange(3, 15),
    )


def _trade(a: str, b: str, year: int) -> float:
    """Trade between two countries in a year, in billions: one figure every outlet restates."""
    return round(random.Random(f"{min(a, b)}-{max(a, b)}-{year}").uniform(0.3, 4.5), 2)


def _name(rng: random.Random, country: str) -> str:
    return rng.choice(LEADERS[country][1])


def _surname(full: str) -> str:
    return full.split()[-1]


def _when(rng: random.Random, event: Event, published: date) -> str:
    """The event's day as this outlet states it: a date, a weekday or 'yesterday'."""
    lag = (published - event.day).days
    roll = rng.random()
    if lag == 1 and roll < 0.35:
        return "yesterday"
    if 0 < lag < 6 and roll < 0.7:
        return f"on {WEEKDAYS[event.day.weekday()]}"
    if lag == 0 and roll < 0.5:
        return "today"
    return f"on {MONTHS[event.day.month - 1]} {event.day.day}"


def _money(rng: random.Random, value: float) -> str:
    """The same figure as different outlets round it."""
    style = rng.random()
    if value < 1:
        return f"${round(value * 1000)} million"
    if style < 0.4:
        return f"${value:.1f} billion"
    if style < 0.7:
        return f"about ${round(value, 1)} billion"
    return f"${value:.2f} billion"


def _lead(rng: random.Random, e: Event, host: str, guest: str, when: str) -> str:
    hc, gc = COUNTRIES[e.host], COUNTRIES[e.guest]
    host_title, guest_title = LEADERS[e.host][0], LEADERS[e.guest][0]
    if e.kind == "phone":
        return rng.choice(
            [
                f"{host_title} of {hc[0]} {host} and {guest_title} of {gc[0]} {guest} held a "
                f"telephone conversation {when}, the {hc[1]} presidential press service said.",
                f"{hc[1]} leader {host} spoke by phone with his {gc[1]} counterpart {guest} "
                f"{when} to review the implementation of earlier agreements.",
            ]
        )
    if e.kind == "visit":
        return rng.choice(
            [
                f"{gc[1]} {guest_title} {guest} arrived in {e.place} {when} on a state visit "
                f"at the invitation of {host_title} {host}.",
                f"{host_title} {host} welcomed {guest_title} of {gc[0]} {guest} in {e.place} "
                f"{when} at the start of a two-day state visit.",
            ]
        )
    if e.kind == "signing":
        return rng.choice(
            [
                f"{hc[0]} and {gc[0]} signed {e.documents} documents in {e.place} {when} "
                f"following talks between {host_title} {host} and {guest_title} {guest}.",
                f"The presidents of {hc[0]} and {gc[0]}, {host} and {guest}, signed a joint "
                f"declaration and {e.documents} intergovernmental agreements {when} in {e.place}.",
            ]
        )
    if e.kind == "sidelines":
        return (
            f"{host_title} {host} met {guest_title} of {gc[0]} {guest} {when} on the sidelines "
            f"of {e.summit} in {e.place}."
        )
    return rng.choice(
        [
            f"Talks between {host_title} of {hc[0]} {host} and {guest_title} of {gc[0]} {guest} "
            f"took place in {e.place} {when}.",
            f"{host_title} {host} held talks with {gc[1]} {guest_title} {guest} in {e.place} "
            f"{when}, officials said.",
        ]
    )


def _body(rng: random.Random, e: Event, host: str, guest: str) -> list[str]:
    hc, gc = COUNTRIES[e.host], COUNTRIES[e.guest]
    h, g = _surname(host), _surname(guest)
    topics = ", ".join(e.topics[:2]) + f" and {e.topics[2]}"
    paragraphs = [
        rng.choice(
            [
                f"The sides discussed cooperation in {topics}, according to the statement.",
                f"The agenda covered {topics}, as well as preparations for upcoming contacts "
                "at the highest level.",
            ]
        ),
        rng.choice(
            [
                f"Trade between the two countries reached {_money(rng, e.trade)} last year, "
                f"{h} said.",
                f"Bilateral trade amounted to {_money(rng, e.trade)} in "
                f"{e.day.year - 1}, according to official statistics.",
            ]
        ),
        rng.choice(
            [
                f"\u201cOur peoples are bound by centuries of friendship, and today we are "
                f"opening a new page in our relations,\u201d {h} said.",
                f"\u201cWe value the trust between our countries and will keep working "
                f"together on every issue,\u201d {g} told reporters.",
            ]
        ),
        rng.choice(
            [
                f"The leaders agreed to raise annual trade to ${e.target} billion by "
                f"{e.target_year}.",
                f"Both sides pledged to bring trade turnover to ${e.target} billion by "
                f"{e.target_year} and to remove remaining barriers at the border.",
            ]
        ),
        rng.choice(
            [
                f"Particular attention was paid to {e.project}, which officials expect to "
                "complete within three years.",
                f"{g} invited {hc[1]} companies to take part in {e.project}.",
            ]
        ),
    ]
    if e.kind in ("visit", "talks", "signing"):
        paragraphs.append(
            f"{h} accepted an invitation to visit {gc[0]} next year; the dates will be agreed "
            "through diplomatic channels."
        )
    background = [
        f"{gc[0]} is one of the largest trading partners of {hc[0]} in the region.",
        f"The two countries established diplomatic relations in 1992 and have since signed "
        f"more than {rng.randrange(40, 300)} treaties and agreements.",
        f"Earlier this year, the foreign ministers of {hc[0]} and {gc[0]} held political "
        "consultations in preparation for the meeting.",
        f"An intergovernmental commission on economic cooperation meets every year, "
        f"alternately in {hc[2]} and {gc[2]}.",
    ]
    rng.shuffle(background)
    paragraphs += background[: rng.randrange(1, 4)]
    rng.shuffle(paragraphs)  # outlets order the same facts differently
    return paragraphs


def report(rng: random.Random, e: Event, outlet: str, serial: int) -> dict:
    """One outlet's article about ``e``."""
    published = e.day + timedelta(days=rng.choice((0, 0, 1, 1, 2)))
    hour = rng.randrange(7, 22)
    host, guest = _name(rng, e.host), _name(rng, e.guest)
    when = _when(rng, e, published)
    dateline = e.place.upper()
    lead = f"{dateline} ({outlet}) \u2014 {_lead(rng, e, host, guest, when)}"
    text = "\n\n".join([lead, *_body(rng, e, host, guest)])
    hc, gc = COUNTRIES[e.host], COUNTRIES[e.guest]
    title = rng.choice(
        [
            f"{hc[1]}, {gc[1]} leaders discuss {e.topics[0]}",
            f"{_surname(host)}, {_surname(guest)} agree to expand cooperation",
            f"{hc[0]} and {gc[0]} eye ${e.target} billion in trade",
        ]
    )
    slug = outlet.lower().replace(" ", "-")
    return {
        "text": text,
        "title": title,
        "published": f"{published.isoformat()}T{hour:02d}:{rng.randrange(60):02d}:00+05:00",
        "outlet": outlet,
        "url": f"https://{slug}.example/{published.year}/{e.number}-{serial}",
        "authors": [],
    }


def generate(
    articles: int, seed: int, outlets_max: int, copies: float, per_day: float | None = None
):
    """Yield ``articles`` article dicts: events reported by 1..outlets_max outlets each.

    ``per_day`` (articles a day): a chronological feed, as an archive grows — events
    in date order, the corpus spanning as many days as that rate needs, syndicated
    copies taken from the latest thousand articles. Without it events fall on random
    days of four years (every part of the corpus touches every year).
    """
    rng = random.Random(seed)
    made, number = 0, 0
    earlier: list[dict] = []
    events_per_day = per_day * 2 / (1 + outlets_max) if per_day else None
    while made < articles:
        if earlier and rng.random() < copies:
            copy = dict(rng.choice(earlier))
            copy["url"] = copy["url"].replace("https://", "https://syndicated.", 1) + f"-{made}"
            yield copy
            made += 1
            continue
        event = make_event(rng, number, events_per_day)
        number += 1
        for outlet in rng.sample(OUTLETS, rng.randint(1, outlets_max)):
            if made >= articles:
                break
            article = report(rng, event, outlet, made)
            if len(earlier) < 1000:
                earlier.append(article)
            elif per_day:
                earlier[made % 1000] = article
            yield article
            made += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--outlets-max", type=int, default=4, help="largest k outlets per event")
    parser.add_argument("--copies", type=float, default=0.02, help="share of verbatim copies")
    parser.add_argument(
        "--per-day",
        type=float,
        help="a chronological feed of this many articles a day (default: four years at random)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    words = count = 0
    handle = None
    for count, article in enumerate(
        generate(args.articles, args.seed, args.outlets_max, args.copies, args.per_day)
    ):
        shard = count // args.shard_size
        words += len(article["text"].split())
        if args.format == "jsonl":
            if count % args.shard_size == 0:
                if handle:
                    handle.close()
                handle = (args.out / f"shard-{shard:05d}.jsonl").open("w", encoding="utf-8")
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        else:
            folder = args.out / f"{shard:05d}"
            folder.mkdir(exist_ok=True)
            header = f"{article['title']}\n\n{article['published'][:10]}\n\n"
            (folder / f"{count:07d}.txt").write_text(header + article["text"], encoding="utf-8")
    if handle:
        handle.close()
    manifest = {**{k: str(v) for k, v in vars(args).items()}, "words": words}
    (args.out / ".manifest.json").write_text(json.dumps(manifest, indent=2))
    print(f"{args.articles} articles, {words:,} words in {args.out}")


if __name__ == "__main__":
    main()
