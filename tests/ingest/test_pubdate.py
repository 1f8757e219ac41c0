"""Publication date lines: find, validate, normalise; nothing invented."""

from __future__ import annotations

import pytest

from accord.ingest.pubdate import find_datetime, parse_date_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 March 2022 14:25", "2022-03-03T14:25:00"),
        ("14 June 2022 09:15 (UTC +05:00)", "2022-06-14T09:15:00+05:00"),
        ("14 June 2022 09:15 UTC", "2022-06-14T09:15:00+00:00"),
        ("date 2022-06-14", "2022-06-14"),
        ("Published: 15.06.2022", "2022-06-15"),
        ("May 19, 2023 | 10:05", "2023-05-19T10:05:00"),
        ("2022-06-14T09:15:00Z", "2022-06-14T09:15:00+00:00"),
        ("2022-06-14T09:15:00+05:00", "2022-06-14T09:15:00+05:00"),
        ("06.07.2024 21:15", "2024-07-06T21:15:00"),
        ("Updated: Tuesday, 14 June 2022, 9:15 pm", "2022-06-14T21:15:00"),
        ("Jan 27, 2023", "2023-01-27"),
        ("27th January 2023", "2023-01-27"),
    ],
)
def test_parse_date_line_reads_header_formats(line: str, expected: str):
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "No date present in this line",
        "",
        "31.02.2022",
        "30 February 2023 10:00",
        "2022-13-01",
        "14 June 2022 09:15 (UTC +25:00)",
        "The presidents met on 14 June 2022 in Tashkent.",
        "Tashkent, 14 June 2022",
        "Trade reached $1.2 billion in 2022",
    ],
)
def test_parse_date_line_returns_none_without_a_valid_date_line(line: str):
    assert parse_date_line(line) is None


def test_find_datetime_locates_date_inside_a_sentence():
    line = "The talks were held on 14 June 2022 in Tashkent."
    found = find_datetime(line)
    assert found is not None
    assert found.value == "2022-06-14"
    assert line[found.start : found.end] == "14 June 2022"


def test_find_datetime_skips_impossible_date_and_finds_next():
    found = find_datetime("31.02.2022 or rather 28.02.2022")
    assert found is not None and found.value == "2022-02-28"


def test_find_datetime_returns_none_for_years_outside_range():
    assert find_datetime("01.01.1066") is None
