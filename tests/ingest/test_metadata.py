"""What a text says about itself: dateline, wire outlet, agencies it cites."""

from __future__ import annotations

import pytest

from accord.ingest.metadata import text_metadata

BODY = " The presidents discussed trade and energy."


@pytest.mark.parametrize(
    ("opening", "dateline", "outlet"),
    [
        ("TASHKENT, Uzbekistan, June 14. Talks were held in Tashkent.", "TASHKENT", None),
        ("BISHKEK — President Sadyr Japarov held talks.", "BISHKEK", None),
        (
            "BISHKEK, Jan 27 (Central Asia Wire) - The presidents met.",
            "BISHKEK",
            "Central Asia Wire",
        ),
        ("TASHKENT (Asia Briefs) — The presidents met.", "TASHKENT", "Asia Briefs"),
        ("NUR-SULTAN, Oct 14 — The leaders met on the sidelines.", "NUR-SULTAN", None),
        ("SHUSHA, Azerbaijan — Presidents met on Saturday.", "SHUSHA", None),
        ("OSH — A new hospital opened.", "OSH", None),
    ],
)
def test_text_metadata_reads_dateline_and_wire_outlet(
    opening: str, dateline: str, outlet: str | None
):
    meta = text_metadata(opening + BODY)
    assert meta.dateline == dateline
    assert meta.outlet == outlet


@pytest.mark.parametrize(
    "text",
    [
        "The presidents of Uzbekistan and Kyrgyzstan met in Tashkent.",
        "Tashkent, June 14. The presidents met.",
        "UN officials welcomed the agreement — a rare success.",
        "President Mirziyoyev said: the border is now open.",
    ],
)
def test_text_metadata_finds_no_dateline_in_ordinary_openings(text: str):
    assert text_metadata(text).dateline is None


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("The festival closed on Friday with a gala concert, Kabar reports.", ["Kabar"]),
        ("Trade grew by a quarter last year, according to UzA.", ["UzA"]),
        (
            "The talks took place in Tashkent, the presidential press service reported.",
            ["presidential press service"],
        ),
        (
            "President Japarov held talks with President Mirziyoyev, Kabar reports with "
            "reference to the presidential press service.",
            ["Kabar", "presidential press service"],
        ),
        (
            "The presidents launched the railway, Silk Road Monitor reports citing UzA.",
            ["Silk Road Monitor", "UzA"],
        ),
        (
            "The declaration was signed on Thursday, Silk Road Monitor reports citing Kabar.",
            ["Silk Road Monitor", "Kabar"],
        ),
        (
            "According to the Kyrgyz presidential press service, eight documents were signed.",
            ["Kyrgyz presidential press service"],
        ),
        (
            "The details were in a readout released by the Kyrgyz presidential press service.",
            ["Kyrgyz presidential press service"],
        ),
        (
            "The talks were held, Silk Road Monitor reports citing the press service of the "
            "Uzbek President.",
            ["Silk Road Monitor", "press service of the Uzbek President"],
        ),
        (
            "The line runs on schedule, Uzbekistan Railways said on Monday, three weeks after "
            "the launch.",
            ["Uzbekistan Railways"],
        ),
        ("It will serve 250,000 residents, the Ministry of Health said.", ["Ministry of Health"]),
        (
            "The shepherds were detained on Monday, the ministry's press service reported.",
            ["ministry's press service"],
        ),
        (
            "Trade fell, according to the Statistics Agency under the President of Uzbekistan.",
            ["Statistics Agency under the President of Uzbekistan"],
        ),
        (
            "The president will arrive on January 26, the press service of the President of the "
            "Kyrgyz Republic announced on Tuesday.",
            ["press service of the President of the Kyrgyz Republic"],
        ),
        (
            "The leaders spoke by phone, the press service of the Uzbek leader reported.",
            ["press service of the Uzbek leader"],
        ),
    ],
)
def test_text_metadata_finds_cited_agencies(text: str, agencies: list[str]):
    assert text_metadata(text).attributed_to == agencies


@pytest.mark.parametrize(
    "text",
    [
        "Our peoples are brothers, Japarov said.",
        "The border will be opened, President Mirziyoyev said.",
        "According to her, the days of culture were a success.",
        "According to the Uzbek leader, trade reached $1.2 billion.",
        "According to official data, trade amounted to about $1 billion.",
        "Deputy Chairman Almazbek Usenov opened the meeting. According to Usenov, trade grew "
        "by 25 percent.",
        "The press service reported that the talks were constructive.",
        "In a statement, the ministry said that the discharge had fallen by a third.",
        '"We call on our colleagues to talk," the Kyrgyz ministry said.',
        "The Ministry of Water Resources, Agriculture and Processing Industry of Kyrgyzstan "
        "said the reduction was temporary.",
    ],
)
def test_text_metadata_does_not_take_people_or_vague_sources_for_agencies(text: str):
    assert text_metadata(text).attributed_to == []


def test_text_metadata_lists_each_agency_once():
    text = "The talks ended, Kabar reports. The sides signed a memorandum, Kabar reports."
    assert text_metadata(text).attributed_to == ["Kabar"]
