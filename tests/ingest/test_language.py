"""Language identification: enough to keep non-English text out of English analysis."""

from __future__ import annotations

import pytest

from accord.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The presidents of Uzbekistan and Kyrgyzstan met in Tashkent on Tuesday and agreed "
            "to expand trade, the press service said.",
            "en",
        ),
        (
            "Президент Узбекистана и Президент Кыргызстана провели переговоры в Ташкенте. Стороны "
            "обсудили вопросы торговли и энергетики, а также культурные связи.",
            "ru",
        ),
        (
            "Le président ouzbek a reçu son homologue kirghiz à Tachkent pour des entretiens sur "
            "le commerce et la coopération dans le domaine de l'énergie.",
            "fr",
        ),
        (
            "Der usbekische Präsident hat seinen kirgisischen Amtskollegen in Taschkent empfangen "
            "und mit ihm über die Zusammenarbeit und den Handel gesprochen.",
            "de",
        ),
    ],
)
def test_detect_language_names_common_languages(text: str, language: str):
    assert detect_language(text) == language


def test_detect_language_reports_script_of_unknown_language():
    kyrgyz = (
        "Кыргызстандын Президенти Садыр Жапаров Өзбекстандын Президенти Шавкат Мирзиёевдин "
        "чакыруусу менен Ташкентке мамлекеттик сапар менен барды. Тараптар соода жаатындагы "
        "кызматташтыкты талкуулашты."
    )
    assert detect_language(kyrgyz) == "und-Cyrl"


def test_detect_language_returns_none_for_too_short_text():
    assert detect_language("Presidents meet") is None
    assert detect_language("") is None
