"""Figures across sources: restatements merge, disagreements conflict, other pairs stay apart."""

from __future__ import annotations

from accord.fuse.figures import fuse_figures
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


def test_trade_of_another_pair_is_neither_merged_nor_a_conflict():
    fused, conflicts = fuse_figures([_trade(1, 1.2e9, UZ_KG), _trade(2, 4e9, UZ_KZ)])
    assert len(fused) == 2 and not conflicts
