"""Figures across sources: restatements merge, disagreements conflict, other pairs stay apart."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.fuse.figures import add_figures, fuse_figure_block, fuse_figures
from accord.models import Evidence, Figure

UZ_KG = ["country:KGZ", "country:UZB"]
UZ_KZ = ["country:KAZ", "country:UZB"]


def _trade(n: int, value: float, between: list[str]) -> Figure:
    return Figure(
        id=f"fig-{n}",
        indicator="trade turnover",
        value=value,
        unit="USD",
        period="2022",
        between=between,
        evidence=[Evidence(document=f"doc-{n}", text="...", start=0, end=3)],
    )


def test_same_figure_for_the_same_pair_merges_and_rounding_agrees():
    fused, conflicts = fuse_figures([_trade(1, 1.18e9, UZ_KG), _trade(2, 1.2e9, UZ_KG)])
    assert len(fused) == 1 and fused[0].value == 1.18e9 and not conflicts
    assert {e.document for e in fused[0].evidence} == {"doc-1", "doc-2"}


def test_different_values_for_one_pair_are_a_conflict():
    fused, conflicts = fuse_figures([_trade(1, 1.2e9, UZ_KG), _trade(2, 1.5e9, UZ_KG)])
    assert len(fused) == 2
    [conflict] = conflicts
    assert [v.value for v in conflict.values] == [1.2e9, 1.5e9]


def test_a_round_value_agrees_only_with_values_close_to_it():
    """'$2 billion' may round $2.1 billion, not $2.4 billion or $1.5 billion."""
    fused, conflicts = fuse_figures([_trade(1, 2e9, UZ_KG), _trade(2, 2.1e9, UZ_KG)])
    assert [f.value for f in fused] == [2.1e9] and not conflicts
    fused, conflicts = fuse_figures(
        [_trade(1, 2e9, UZ_KG), _trade(2, 2.4e9, UZ_KG), _trade(3, 1.5e9, UZ_KG)]
    )
    [conflict] = conflicts
    assert [v.value for v in conflict.values] == [1.5e9, 2e9, 2.4e9]
    assert [[e.document for e in v.evidence] for v in conflict.values] == [
        ["doc-3"],
        ["doc-1"],
        ["doc-2"],
    ]


def test_trade_of_another_pair_is_neither_merged_nor_a_conflict():
    fused, conflicts = fuse_figures([_trade(1, 1.2e9, UZ_KG), _trade(2, 4e9, UZ_KZ)])
    assert len(fused) == 2 and not conflicts


# Figures of one block as an update meets them: restatements of a few values (some
# qualified or ranges), stated by a few speakers, in documents old and new.
_figure = st.builds(
    lambda n, value, qualifier, ranged, speaker: Figure(
        id=f"fig-{n:04d}",
        indicator="trade turnover",
        value=value,
        value_max=value * 1.5 if ranged else None,
        qualifier=qualifier,
        unit="USD",
        period="2030",
        stated_by=speaker,
        between=UZ_KG,
        evidence=[Evidence(document=f"doc-{n % 50}", text="...", start=n, end=n + 3)],
    ),
    st.integers(0, 9999),
    st.sampled_from([4e9, 4.2e9, 4.25e9, 5e9, 5.0e9, 7e9]),
    st.sampled_from([None, None, "about", "more than", "up to"]),
    st.booleans(),
    st.sampled_from([None, "person:a", "person:b"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_figure, min_size=1, max_size=25, unique_by=lambda f: f.id),
    st.lists(_figure, min_size=1, max_size=10, unique_by=lambda f: f.id),
)
def test_adding_figures_to_a_block_summary_gives_what_fusing_them_all_gives(old, new):
    new = [f for f in new if f.id not in {o.id for o in old}]
    fused, _, summary = fuse_figure_block(old)
    added = add_figures(json.loads(json.dumps(summary)), {f.id for f in fused}, new)
    expected = fuse_figure_block(old + new)
    if added is None:  # refused only when the old figures' clusters change
        old_keys = {(f.evidence[0].document, f.evidence[0].start) for f in old}
        assert _groups(expected[0], old_keys) != _groups(fused, old_keys)
        return
    figures, conflicts = _with_stored_evidence(added, fused)
    assert figures == expected[0] and conflicts == expected[1] and added[2] == expected[2]


def _with_stored_evidence(added, stored: list[Figure]):
    """The figures and conflicts of ``added`` with the evidence of the stored figures each
    continues put back, as a reader of the knowledge base gets them."""
    figures, conflicts, _, inherited = added
    old = {f.id: f.evidence for f in stored}
    whole = []
    for figure, continued in zip(figures, inherited, strict=True):
        found = {(e.document, e.start): e for e in [*old.get(continued, []), *figure.evidence]}
        whole.append(figure.model_copy(update={"evidence": [found[k] for k in sorted(found)]}))
    by_id = {f.id: f for f in whole}
    conflicts = [
        c.model_copy(
            update={
                "values": [
                    v.model_copy(update={"evidence": by_id[v.figure].evidence}) for v in c.values
                ]
            }
        )
        for c in conflicts
    ]
    return whole, conflicts


def test_a_restated_value_is_added_without_the_old_figures():
    old = [_trade(n, 1.2e9, UZ_KG) for n in range(3)] + [_trade(3, 1.5e9, UZ_KG)]
    fused, _, summary = fuse_figure_block(old)
    added = add_figures(summary, {f.id for f in fused}, [_trade(4, 1.2e9, UZ_KG)])
    assert added is not None
    figures, conflicts_after, _, inherited = added
    assert [len(f.evidence) for f in figures] == [1, 0]  # only what was added
    assert inherited == [f.id for f in fused]  # each continues its stored figure
    figures, conflicts_after = _with_stored_evidence(added, fused)
    assert [len(f.evidence) for f in figures] == [4, 1]
    assert len(conflicts_after) == 1 and len(conflicts_after[0].values[0].evidence) == 4


def test_a_new_value_that_regroups_old_ones_needs_the_whole_block():
    # 'about 5 billion' and 5.2 billion agree; 4.9 billion, first in id order, agrees with
    # the first but not the second, so it splits their cluster
    old = [
        _trade(5, 5e9, UZ_KG).model_copy(update={"qualifier": "about"}),
        _trade(6, 5.2e9, UZ_KG),
    ]
    fused, _, summary = fuse_figure_block(old)
    assert len(fused) == 1
    assert add_figures(summary, {f.id for f in fused}, [_trade(1, 4.9e9, UZ_KG)]) is None
    assert len(fuse_figure_block([*old, _trade(1, 4.9e9, UZ_KG)])[0]) == 2


def _groups(figures: list[Figure], keys: set) -> set[frozenset]:
    """The given evidence keys, grouped as the figures hold them."""
    found = ({(e.document, e.start) for e in f.evidence} & keys for f in figures)
    return {frozenset(g) for g in found if g}
