"""What an evaluation returns: one score per section, with the items behind it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(_Model):
    """A gold item the record misses, or a record item the gold does not support."""

    kind: Literal["miss", "false_positive"]
    id: str = Field(description="Gold key (miss) or record id (false positive).")
    documents: list[str] = Field(default_factory=list, description="Gold document names.")
    summary: str = Field(description="The item in one line.")
    evidence: str | None = Field(None, description="A snippet the item rests on.")
    note: str | None = Field(None, description="Why it did not match, when known.")


class Metric(_Model):
    """A figure reported next to a section's score (an accuracy or an error count)."""

    name: str
    value: int | float
    total: int | None = Field(None, description="Denominator of an accuracy.")
    note: str = ""


class SectionScore(_Model):
    """Precision, recall and F1 of one section of the record against the gold."""

    section: str
    gold: int = Field(description="Gold items (fields for documents) in the scope.")
    predicted: int = Field(description="Record items (non-null fields for documents) in scope.")
    matched: int = Field(description="Gold items found (true positives).")
    precision: float
    recall: float
    f1: float
    match: str = Field(description="How items are matched, in one line.")
    rule: str = Field(description="How items are matched, in one paragraph.")
    metrics: list[Metric] = Field(default_factory=list)
    misses: list[Finding] = Field(default_factory=list)
    false_positives: list[Finding] = Field(default_factory=list)


class Evaluation(_Model):
    """Every section's score, in the order of :data:`accord.evaluate.SECTIONS`."""

    sections: list[SectionScore]
    notes: list[str] = Field(default_factory=list, description="Warnings about the inputs.")

    def section(self, name: str) -> SectionScore:
        for score in self.sections:
            if score.section == name:
                return score
        raise KeyError(name)


def score(
    section: str,
    *,
    gold: int,
    predicted: int,
    matched: int,
    match: str,
    rule: str,
    correct_predicted: int | None = None,
    metrics: list[Metric] | None = None,
    misses: list[Finding] | None = None,
    false_positives: list[Finding] | None = None,
) -> SectionScore:
    """A section score; precision uses ``correct_predicted`` when it differs from ``matched``.

    An empty denominator gives 0.0, so a section the record does not produce yet shows 0.
    """
    correct = matched if correct_predicted is None else correct_predicted
    precision = correct / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SectionScore(
        section=section,
        gold=gold,
        predicted=predicted,
        matched=matched,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        match=match,
        rule=rule,
        metrics=metrics or [],
        misses=sorted(misses or [], key=_order),
        false_positives=sorted(false_positives or [], key=_order),
    )


def accuracy(name: str, right: int, total: int, note: str = "") -> Metric:
    """An accuracy as a metric (0.0 when there is nothing to judge)."""
    return Metric(
        name=name, value=round(right / total, 4) if total else 0.0, total=total, note=note
    )


def count(name: str, value: int, note: str = "") -> Metric:
    return Metric(name=name, value=value, note=note)


def _order(finding: Finding) -> tuple[str, str]:
    return (finding.documents[0] if finding.documents else "~", finding.id)
