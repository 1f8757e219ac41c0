"""Reference tables: every UN member with its demonyms and capitals, organisations, office holders."""

from __future__ import annotations

import pycountry

from accord.analyze.reference import load_reference

# UN member states that pycountry names differently or that are easy to forget.
SPOT_CHECKS = {
    "Kyrgyz": "KGZ", "Kirghiz": "KGZ", "Tajik": "TJK", "Uzbek": "UZB", "Turkmen": "TKM",
    "Kazakh": "KAZ", "Russian": "RUS", "Chinese": "CHN", "Afghan": "AFG", "Azeri": "AZE",
    "Emirati": "ARE", "Ivorian": "CIV", "Filipino": "PHL", "Swiss": "CHE", "Dutch": "NLD",
}  # fmt: skip


def test_every_un_member_has_a_row_with_a_demonym_and_a_capital():
    ref = load_reference()
    members = {c.alpha_3 for c in pycountry.countries} & set(ref.countries)
    assert len(members) >= 193
    for code in members:
        country = ref.countries[code]
        assert country.demonyms, code
        assert country.capital, code


def test_demonyms_resolve_to_their_country():
    ref = load_reference()
    for demonym, code in SPOT_CHECKS.items():
        assert any(e.country == code for e in ref.lookup(demonym)), demonym


def test_renamed_capitals_are_aliases_of_one_place():
    ref = load_reference()
    assert {e.id for e in ref.lookup("Nur-Sultan")} == {e.id for e in ref.lookup("Astana")}
    assert {e.id for e in ref.lookup("Kiev")} == {e.id for e in ref.lookup("Kyiv")}
    assert {e.id for e in ref.lookup("Frunze")} == {e.id for e in ref.lookup("Bishkek")}


def test_organisations_by_acronym_and_name():
    ref = load_reference()
    for surface in (
        "SCO",
        "Shanghai Cooperation Organization",
        "OTS",
        "Turkic Council",
        "CICA",
        "CIS",
        "EAEU",
        "OSCE",
        "SPECA",
        "NATO",
        "EU",
    ):
        assert [e for e in ref.lookup(surface) if e.kind == "organization"], surface
    assert not ref.lookup("sco")  # acronyms are case-sensitive: 'sco' is no organisation


def test_office_holders_are_dated_and_keep_namesakes_apart():
    ref = load_reference()
    assert [p.name for p in ref.holders("President", "TKM", "2021-06-01")] == [
        "Gurbanguly Berdimuhamedow"
    ]
    assert [p.name for p in ref.holders("President", "TKM", "2023-06-01")] == [
        "Serdar Berdimuhamedow"
    ]
    assert ref.people_named("Sadyr Japarov") != ref.people_named("Akylbek Japarov")
    assert ref.people_named("Zhaparov") == ref.people_named("Sadyr Japarov")


def test_user_tables_extend_the_bundled_ones(tmp_path):
    (tmp_path / "organizations.csv").write_text(
        "id,name,acronyms,aliases,kind,members\n"
        "cawf,Central Asian Water Forum,CAWF,Water Forum of Central Asia,forum,KAZ|KGZ\n",
        encoding="utf-8",
    )
    (tmp_path / "officeholders.csv").write_text(
        "name,aliases,title,country,organization,start,end\n"
        "Aibek Example,Example,Mayor,KGZ,,2024-01-01,\n",
        encoding="utf-8",
    )
    ref = load_reference(str(tmp_path))
    assert [e.id for e in ref.lookup("CAWF")] == ["org:cawf"]
    assert [p.name for p in ref.holders("Mayor", "KGZ", "2024-06-01")] == ["Aibek Example"]
    assert ref.lookup("SCO")  # the bundled rows are still there
