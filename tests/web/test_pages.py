"""The pages on the example corpus: real data on each, and a JSON twin built from the same context."""

from __future__ import annotations

import re
from html import unescape

import pytest

HTML = {"accept": "text/html"}
JAPAROV = "person:sadyr-japarov"
# page -> its JSON twin
TWINS = {
    "/": "/dashboard.json",
    "/dashboard?between=KGZ,UZB": "/dashboard.json?between=KGZ,UZB",
    "/timeline?type=meeting": "/timeline.json?type=meeting",
    "/actors?type=person": "/actors.json?type=person",
    f"/actors/{JAPAROV}": f"/actors/{JAPAROV}.json",
    "/commitments": "/commitments.json",
    "/figures": "/figures.json",
    "/documents": "/documents.json",
    "/search?q=railway": "/search.json?q=railway",
    "/ingest": "/ingest.json",
}


def _event_id(client, **params) -> str:
    return client.get("/api/events", params={**params, "limit": 1}).json()["items"][0]["id"]


@pytest.mark.parametrize("page", sorted(TWINS))
def test_every_page_renders_and_links_its_json_twin(client, page: str):
    response = client.get(page, headers=HTML)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    twin = TWINS[page]
    assert f'href="{twin.replace("&", "&amp;")}"' in response.text
    data = client.get(twin)
    assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")
    assert isinstance(data.json(), dict)


def test_dashboard_defaults_to_the_two_most_mentioned_countries(client):
    twin = client.get("/dashboard.json").json()
    assert [c["country"] for c in twin["pair"]] == ["UZB", "KGZ"]
    assert (
        twin["events_total"]
        == sum(sum(s["counts"]) for s in twin["chart"]["series"]) + twin["chart"]["year_only"]
    )
    assert twin["meetings"] and all(m["type"] == "meeting" for m in twin["meetings"])
    assert twin["commitment_counts"]["fulfilled"] >= 1
    assert twin["figures"] and twin["conflicts"]
    page = client.get("/", headers=HTML).text
    assert "<svg" in page and "Latest meetings" in page
    for meeting in twin["meetings"][:3]:
        assert f'href="/events/{meeting["id"]}"' in page
    assert "Uzbekistan" in page and "Kyrgyzstan" in page


def test_dashboard_for_another_pair(client):
    twin = client.get("/dashboard.json", params={"between": "UZB,KAZ"}).json()
    assert [c["country"] for c in twin["pair"]] == ["UZB", "KAZ"]
    assert twin["events_total"] < client.get("/dashboard.json").json()["events_total"]


def test_event_page_shows_each_source_with_its_evidence_highlighted(client):
    event_id = _event_id(
        client, type="meeting", between="UZB,KGZ", **{"from": "2023-01-26", "to": "2023-01-26"}
    )
    twin = client.get(f"/events/{event_id}.json").json()
    assert twin["event"]["id"] == event_id
    sources = twin["sources"]
    assert len(sources) == twin["event"]["source_count"] >= 1
    page = client.get(f"/events/{event_id}", headers=HTML).text
    marks = [
        unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r'<mark class="evidence"[^>]*>(.*?)</mark>', page, re.S)
    ]
    evidence = [e["text"] for s in sources for e in s["evidence"]]
    assert marks == evidence
    for source in sources:
        text = source["document"]["text"]
        for e in source["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]
    date = next(a for a in twin["attributes"] if a["name"] == "date")
    assert date["value"] == twin["event"]["date"] and date["reported"][0]["documents"]
    assert f'href="/actors/{JAPAROV}"' in page


def test_event_page_for_an_unknown_event_is_404(client):
    assert client.get("/events/evt-nope", headers=HTML).status_code == 404


def test_actor_page_shows_names_roles_events_and_quotes(client):
    twin = client.get(f"/actors/{JAPAROV}.json").json()
    assert twin["actor"]["name"] == "Sadyr Japarov"
    starts = [r["start"] or "" for r in twin["roles"]]
    assert starts == sorted(starts) and any(r["title"] == "President" for r in twin["roles"])
    assert twin["events"]["total"] > 0 and twin["quotes"]["total"] > 0
    page = client.get(f"/actors/{JAPAROV}", headers=HTML).text
    for alias in ("Zhaparov", "Sadyr Dzhaparov"):
        assert alias in page
    assert "President" in page and "<blockquote" in page


def test_commitments_board_has_a_column_per_status_with_reasons(client):
    twin = client.get("/commitments.json").json()
    assert list(twin["columns"])[:4] == ["open", "fulfilled", "overdue", "superseded"]
    fulfilled = twin["columns"]["fulfilled"]["items"]
    assert fulfilled and all(c["reason"] for c in fulfilled)
    linked = {i for c in fulfilled for i in c["fulfilled_by"]}
    assert linked & set(twin["fulfilled_by"])
    page = client.get("/commitments", headers=HTML).text
    assert "Why fulfilled:" in page and "Evidence trail" in page


def test_commitments_board_filters_by_status(client):
    twin = client.get("/commitments.json", params={"status": "open"}).json()
    assert list(twin["columns"]) == ["open"]


def test_figures_page_has_a_chart_per_indicator_with_points_linked_to_sources(client):
    twin = client.get("/figures.json").json()
    trade = next(
        c for c in twin["indicators"] if c["indicator"] == "trade turnover" and c["unit"] == "USD"
    )
    assert len(trade["figures"]) >= 2 and set(trade["dates"]) <= {f["id"] for f in trade["figures"]}
    page = client.get("/figures", headers=HTML).text
    links = re.findall(r'<a href="(/documents/[^"]+\?hl=\d+-\d+#hl)"><circle', page)
    assert len(links) >= len(trade["dates"])
    follow = client.get(unescape(links[0]).split("#")[0], headers=HTML)
    assert follow.status_code == 200 and '<mark class="hl" id="hl">' in follow.text
    # the $5 billion goal for 2030 is drawn apart from the values reached, and said to be one
    goals = [f for f in trade["figures"] if f["target"]]
    assert goals and not all(f["target"] for f in trade["figures"])
    assert page.count('class="goal"') >= len([f for f in goals if f["id"] in trade["dates"]])
    assert "target for 2030" in page


def test_document_page_marks_mentions_times_and_figures_and_lists_removed_lines(client):
    doc = next(
        d
        for d in client.get("/api/documents", params={"limit": 100}).json()["items"]
        if d["title"] and "Allies" in d["title"]
    )
    twin = client.get(f"/documents/{doc['id']}.json").json()
    assert twin["document"]["removed"] and twin["mentions"] and twin["times"] and twin["figures"]
    page = client.get(f"/documents/{doc['id']}", headers=HTML).text
    assert (
        'class="m m-person"' in page and 'class="m m-time"' in page and 'class="m m-figure"' in page
    )
    assert ">$1.5 billion</span>" in page
    assert "Removed by the cleaner" in page and "byline" in page
    assert f'href="/actors/{JAPAROV}"' in page


def test_search_page_shows_documents_and_record_names(client):
    page = client.get("/search", params={"q": "Japarov"}, headers=HTML).text
    assert '<mark class="hit">' in page
    assert f'href="/actors/{JAPAROV}"' in page
    twin = client.get("/search.json", params={"q": "Japarov"}).json()
    assert twin["results"]["documents"] and twin["results"]["actors"]["total"] >= 1


def test_timeline_page_lists_dated_then_undated_and_pages(client):
    twin = client.get("/timeline.json", params={"limit": 5}).json()
    assert len(twin["timeline"]["dated"]["items"]) == 5
    page = client.get("/timeline", params={"limit": 5}, headers=HTML).text
    assert "next →" in page and "offset=5" in page
    assert "Undated events" in page


def test_documents_page_lists_the_corpus(client):
    twin = client.get("/documents.json", params={"limit": 100}).json()
    assert twin["documents"]["total"] == len(twin["documents"]["items"]) >= 20
