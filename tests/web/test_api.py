"""The read API on the example corpus: models, filters, paging, stable order; SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from accord.models import Actor, Agreement, Commitment, Conflict, Document, Event, Figure, Quote
from accord.web.schemas import ActorDetail, DocumentDetail, SearchResults, Timeline

LISTINGS = {
    "events": Event, "agreements": Agreement, "commitments": Commitment, "figures": Figure,
    "quotes": Quote, "conflicts": Conflict, "documents": Document, "actors": Actor,
}  # fmt: skip
JAPAROV = "person:sadyr-japarov"


def _all(client, path: str, **params) -> list[dict]:
    """Every item of a listing, fetched in small pages."""
    items, offset = [], 0
    while True:
        page = client.get(path, params={**params, "limit": 7, "offset": offset}).json()
        items += page["items"]
        offset += 7
        if offset >= page["total"]:
            return items


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_api_listing_returns_export_models_in_a_page(any_client, name: str):
    response = any_client.get(f"/api/{name}", params={"limit": 5})
    assert response.status_code == 200, response.text
    page = response.json()
    assert set(page) == {"items", "total", "limit", "offset"}
    assert page["limit"] == 5 and page["offset"] == 0
    assert page["total"] >= len(page["items"]) > 0
    for item in page["items"]:
        LISTINGS[name].model_validate(item)


@pytest.mark.parametrize("name", ["events", "commitments", "figures", "documents"])
def test_api_pages_concatenate_to_the_whole_listing_without_repeats(any_client, name: str):
    whole = any_client.get(f"/api/{name}", params={"limit": 500}).json()
    paged = _all(any_client, f"/api/{name}")
    assert [i["id"] for i in paged] == [i["id"] for i in whole["items"]]
    assert len({i["id"] for i in paged}) == whole["total"] == len(paged)


def test_api_events_are_dated_first_in_date_order_then_undated(any_client):
    events = any_client.get("/api/events", params={"limit": 500}).json()["items"]
    dates = [e["date"] for e in events]
    dated = [d for d in dates if d]
    assert dates[: len(dated)] == dated == sorted(dated)
    assert all(d is None for d in dates[len(dated) :])


def test_api_between_keeps_items_with_an_actor_of_each_country(any_client):
    events = _all(any_client, "/api/events", between="UZB,KGZ")
    assert events
    countries = {a["id"]: a["country"] for a in _all(any_client, "/api/actors")}
    for event in events:
        involved = {countries.get(p) for p in event["participants"]}
        assert {"UZB", "KGZ"} <= involved, event
    names = _all(any_client, "/api/events", between="Uzbekistan,country:KGZ")
    assert [e["id"] for e in names] == [e["id"] for e in events]


def test_api_between_on_figures_means_documents_involving_both(any_client):
    both = any_client.get("/api/figures", params={"between": "UZB,KGZ"}).json()["total"]
    none = any_client.get("/api/figures", params={"between": "UZB,PAK"}).json()["total"]
    assert both > 0 and none == 0


def test_api_actor_filter_accepts_an_id_or_a_name(any_client):
    by_id = _all(any_client, "/api/events", actor=JAPAROV)
    by_name = _all(any_client, "/api/events", actor="Japarov")
    assert by_id and [e["id"] for e in by_id] == [e["id"] for e in by_name]
    assert all(
        JAPAROV in e["participants"] or JAPAROV in (e["source_actor"], e["target_actor"])
        for e in by_id
    )


def test_api_type_and_partial_date_range(any_client):
    meetings = _all(any_client, "/api/events", type="meeting", **{"from": "2023", "to": "2023-04"})
    assert meetings
    assert all(e["type"] == "meeting" and "2023-01" <= e["date"] <= "2023-04-31" for e in meetings)


def test_api_commitment_status_filter(any_client):
    for status in ("open", "fulfilled"):
        items = _all(any_client, "/api/commitments", status=status)
        assert items and {c["status"] for c in items} == {status}


def test_api_text_filter_matches_evidence_sentences(any_client):
    found = _all(any_client, "/api/events", text="navruz")
    assert found
    assert all(
        any("navruz" in e["text"].lower() for e in event["evidence"])
        or "navruz" in (event["summary"] or "").lower()
        for event in found
    )


def test_api_one_item_of_each_kind_by_id(any_client):
    for name in ("events", "agreements", "commitments", "figures", "quotes", "conflicts"):
        first = any_client.get(f"/api/{name}", params={"limit": 1}).json()["items"][0]
        again = any_client.get(f"/api/{name}/{first['id']}")
        assert again.status_code == 200 and again.json() == first


def test_api_unknown_item_is_404(any_client):
    response = any_client.get("/api/events/evt-does-not-exist")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_document_has_text_removed_lines_and_mentions(any_client):
    doc = any_client.get("/api/documents", params={"limit": 1}).json()["items"][0]
    assert doc["text"] is None  # listings leave the text out
    detail = DocumentDetail.model_validate(any_client.get(f"/api/documents/{doc['id']}").json())
    text = detail.document.text or ""
    assert text and detail.document.removed and detail.mentions
    for mention in detail.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_api_actor_has_events_newest_first_and_quotes(any_client):
    detail = ActorDetail.model_validate(any_client.get(f"/api/actors/{JAPAROV}").json())
    assert detail.actor.name == "Sadyr Japarov"
    assert "Zhaparov" in detail.actor.aliases
    dates = [e.date for e in detail.events.items if e.date]
    assert dates == sorted(dates, reverse=True) and detail.events.total >= len(dates)
    assert detail.quotes.total > 0 and all(q.speaker == JAPAROV for q in detail.quotes.items)


def test_api_timeline_lists_dated_in_order_and_undated_apart(any_client):
    timeline = Timeline.model_validate(any_client.get("/api/timeline?limit=500").json())
    dates = [e.date for e in timeline.dated.items]
    assert all(dates) and dates == sorted(dates)
    assert all(e.date is None for e in timeline.undated.items)
    assert all(e.source_count >= 1 for e in timeline.dated.items)
    total = any_client.get("/api/events").json()["total"]
    assert timeline.dated.total + timeline.undated.total == total


def test_api_search_finds_documents_and_names(any_client):
    results = SearchResults.model_validate(any_client.get("/api/search?q=Zhaparov").json())
    assert results.documents and results.actors.total >= 1
    assert results.actors.items[0].id == JAPAROV
    hit = results.documents[0]
    assert all(hit.snippet[s:e].lower() == "zhaparov" for s, e in hit.matches)
    agreements = SearchResults.model_validate(any_client.get("/api/search?q=Declaration").json())
    assert agreements.agreements.total >= 1


def test_api_actors_filters_by_kind_country_and_alias(client):
    people = client.get("/api/actors", params={"type": "person", "country": "kgz"}).json()
    assert people["items"] and all(
        a["kind"] == "person" and a["country"] == "KGZ" for a in people["items"]
    )
    cyrillic = client.get("/api/actors", params={"text": "Садыр"}).json()["items"]
    assert [a["id"] for a in cyrillic] == [JAPAROV]


def test_api_limit_is_bounded(client):
    assert client.get("/api/events?limit=501").status_code == 422
    assert client.get("/api/events?limit=0").status_code == 422
    assert client.get("/api/events?offset=-1").status_code == 422


def test_api_bad_dates_and_pairs_are_refused(client):
    assert client.get("/api/events?from=March").status_code == 422
    assert client.get("/api/events?between=UZB").status_code == 400
    assert client.get("/api/events?between=UZB,Atlantis").status_code == 404


def test_openapi_describes_every_endpoint_with_the_export_models(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/events", "/api/timeline", "/api/search", "/api/documents/{doc_id}",
                 "/api/ingest", "/api/actors/merge"):  # fmt: skip
        assert path in paths, path
    schemas = spec["components"]["schemas"]
    assert {"Event", "Commitment", "ErrorResponse", "Page_Event_"} <= set(schemas)
    page = client.get("/docs", headers={"accept": "text/html"})
    assert page.status_code == 200 and "/api/timeline" in page.text
