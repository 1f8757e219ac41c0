"""Read queries of the web app and JSON API: filtered, paged, stably ordered, counted.

One module per subject: :mod:`.items` (record items), :mod:`.documents`,
:mod:`.actors`, and :mod:`.pairs` (the pair-of-countries index).

Filters mean the same for every kind of record item (:class:`ItemFilter`):

- ``actor``: the item is linked to this actor (participant, party, promiser,
  speaker, whoever stated a figure);
- ``between`` (two ISO 3166-1 alpha-3 codes): the item's actors include an
  actor of each country, people counted by their country. Figures, quotes and
  conflicts name at most one actor, so for them it means "reported in a
  document that involves both countries";
- ``date_from``/``date_to`` compare ISO prefixes ('2023' covers all of 2023);
  the date is the item's main date (for commitments the due date, for figures
  the period) and undated items drop out when either is given;
- ``text``: a case-insensitive substring of the item's own text fields or of
  one of its evidence sentences.

Order is stable: dated items by date then storage order, undated ones after
them in storage order. Each part is one walk of ``ix_record_items_kind_date``
(migration 0003), so a page deep into 100,000 events costs no sort.

A pair of countries is answered from the pair index (``record_pairs``: one
row per item and pair of countries among its actors or documents), derived
from the record by :func:`refresh_pair_index`. Triggers mark it stale when
the record changes; the next query refreshes it (or, if it cannot, falls back
to computing the pair from the links, which is correct but slower).
User input only ever reaches SQL as bound parameters.
"""

from accord.store.queries.actors import (
    actors_by_id,
    get_actor,
    list_actor_page,
    resolve_country,
    top_countries,
)
from accord.store.queries.common import DocumentFilter, ItemFilter, Slice
from accord.store.queries.documents import documents_by_id, list_document_page, to_document
from accord.store.queries.items import (
    conflicts_about,
    document_items,
    event_counts,
    get_record_item,
    list_record,
    record_items_by_id,
    status_counts,
)
from accord.store.queries.pairs import (
    PAIR_BY_ACTORS,
    PAIR_BY_DOCUMENTS,
    pair_index_ready,
    refresh_pair_index,
)

__all__ = [
    "PAIR_BY_ACTORS", "PAIR_BY_DOCUMENTS", "DocumentFilter", "ItemFilter", "Slice",
    "actors_by_id", "conflicts_about", "document_items", "documents_by_id", "event_counts",
    "get_actor", "get_record_item", "list_actor_page", "list_document_page", "list_record",
    "pair_index_ready", "record_items_by_id", "refresh_pair_index", "resolve_country",
    "status_counts", "to_document", "top_countries",
]  # fmt: skip
