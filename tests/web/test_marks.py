"""Marked document text: spans nest or cross, every piece is escaped, numbers are found."""

from __future__ import annotations

import pytest

from accord.web.marks import Mark, locate_number, marked_html


def test_marks_wrap_their_spans_and_escape_the_text():
    html = marked_html("<b>Japarov</b> & co", [Mark(3, 10, "m m-person", href="/actors/x?a=1&b=2")])
    assert (
        html
        == '&lt;b&gt;<a href="/actors/x?a=1&amp;b=2" class="m m-person">Japarov</a>&lt;/b&gt; &amp; co'
    )


def test_nested_marks_keep_the_outer_one_whole():
    html = marked_html(
        "President Japarov met", [Mark(0, 21, "evidence", anchor="ev-1"), Mark(10, 17, "m")]
    )
    assert (
        html
        == '<mark class="evidence" id="ev-1">President <span class="m">Japarov</span> met</mark>'
    )


def test_crossing_marks_are_split_at_the_boundary():
    html = marked_html("abcdefgh", [Mark(0, 5, "a"), Mark(3, 8, "b", anchor="x")])
    assert (
        html
        == '<span class="a">abc<span class="b" id="x">de</span></span><span class="b">fgh</span>'
    )


def test_no_link_inside_a_link():
    html = marked_html("abc", [Mark(0, 3, "a", href="/1"), Mark(1, 2, "b", href="/2")])
    assert html.count("<a ") == 1 and "/2" not in html


def test_marks_outside_the_text_are_ignored():
    assert marked_html("abc", [Mark(2, 9, "x"), Mark(-1, 1, "y"), Mark(1, 1, "z")]) == "abc"


def test_attributes_are_escaped():
    html = marked_html("x", [Mark(0, 1, 'a" onclick="b', title='"><script>', href='"/x')])
    assert "<script>" not in html and 'onclick="b' not in html


@pytest.mark.parametrize(
    ("sentence", "value", "found"),
    [
        ("Trade reached $1.2 billion last year.", 1.2e9, "$1.2 billion"),
        ("Trade grew by 25 percent.", 25, "25 percent"),
        ("Exports rose 7% in May.", 7, "7%"),
        ("eight documents were signed", 8, "eight"),
        ("over the 1,300-kilometre frontier", 1300, "1,300"),
        ("no number here", 5, None),
    ],
)
def test_locate_number(sentence: str, value: float, found: str | None):
    span = locate_number(sentence, value)
    assert (sentence[span[0] : span[1]] if span else None) == found
