"""Bytes to text: encodings read correctly, everything that is not text rejected with why."""

from __future__ import annotations

import codecs

import pytest

from accord.errors import InputRejected
from accord.ingest.decode import DecodingWarning, check_size, decode_bytes

ENGLISH = "President Mirziyoyev and President Japarov signed the declaration in Bishkek.\n"
RUSSIAN = (
    "Президент Узбекистана Шавкат Мирзиёев и Президент Кыргызстана Садыр Жапаров провели "
    "переговоры в Ташкенте. Стороны обсудили торговлю, транспорт и энергетику, а также "
    "строительство железной дороги Кара-Суу – Андижан.\n"
)
FRENCH = (
    "Le président ouzbek a reçu son homologue kirghiz à Tachkent. Les deux chefs d'État ont "
    "évoqué la coopération économique, l'énergie et les échanges culturels à l'été prochain.\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH),
        (RUSSIAN.encode("utf-8"), RUSSIAN),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), RUSSIAN),
        (RUSSIAN.encode("utf-16"), RUSSIAN),
        (codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"), RUSSIAN),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        (FRENCH.encode("latin-1"), FRENCH),
    ],
    ids=["utf8", "utf8-cyrillic", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1251", "latin1"],
)
def test_decode_bytes_reads_text_encodings(data: bytes, expected: str):
    assert decode_bytes(data, "article.txt").lstrip("\ufeff") == expected


def test_a_utf8_text_with_stray_bytes_stays_utf8_and_says_so():
    """Read as a legacy code page, the whole text came out garbled ('ASTANA вЂ” ...')."""
    text = "ASTANA — President Tokayev received the Tajik minister. " * 3
    data = text.encode("utf-8").replace(b"received", b"rece\xff\xfeived", 1)
    with pytest.warns(DecodingWarning, match=r"article\.txt: 2 byte sequence"):
        decoded = decode_bytes(data, "article.txt")
    assert decoded.startswith("ASTANA — President") and decoded.count("\ufffd") == 2


@pytest.mark.parametrize(
    ("data", "reason_word"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (ENGLISH.encode() + b"\x00\x00\x00\x01" + ENGLISH.encode(), "NUL"),
        (b"abc\x00def", "NUL"),
        (bytes(range(1, 32)) * 20, "control"),
        (b"", "empty"),
        (b"   \n\t\r\n  ", "empty"),
        (codecs.BOM_UTF8 + b"  \n", "empty"),
    ],
    ids=[
        "png",
        "pdf",
        "nul-in-text",
        "short-nul",
        "control-chars",
        "empty",
        "whitespace",
        "bom-only",
    ],
)
def test_decode_bytes_rejects_non_text_with_reason(data: bytes, reason_word: str):
    with pytest.raises(InputRejected) as caught:
        decode_bytes(data, "folder/input.txt")
    assert caught.value.source == "folder/input.txt"
    assert reason_word.lower() in caught.value.reason.lower()
    assert str(caught.value).startswith("folder/input.txt: ")


def test_check_size_rejects_oversized_input_naming_sizes():
    with pytest.raises(InputRejected) as caught:
        check_size(2_000_001, 2_000_000, "big.txt")
    assert "too large" in caught.value.reason
    assert "2,000,001" in caught.value.reason and "2,000,000" in caught.value.reason


def test_check_size_accepts_input_at_the_limit():
    check_size(2_000_000, 2_000_000, "exact.txt")
