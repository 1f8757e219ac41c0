"""Plain-text formatting shared by tables, briefs and exports."""

from __future__ import annotations

from collections.abc import Iterable


def format_value(value: float | None, unit: str | None) -> str:
    """'1.2 billion USD', '25 percent', '8 documents'."""
    if value is None:
        return "—"
    magnitude = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= size:
            return f"{value / size:,.4g} {word} {unit or ''}".strip()
    return f"{value:,.6g} {unit or ''}".strip()


def figure_value(value: float | None, value_max: float | None, unit: str | None) -> str:
    """A value or a range: '1.2 billion USD', '10 – 12 percent'."""
    text = format_value(value, unit)
    if value_max is not None:
        text += f" – {format_value(value_max, unit)}"
    return text


def figure_period(period: str | None, target: bool = False) -> str:
    """A figure's period as read: '2024', or 'target for 2024' for the amount a target set."""
    if target:
        return f"target for {period}" if period else "target"
    return period or "—"


def names(ids: Iterable[str | None], known: dict[str, str]) -> str:
    """Display names of actor ids, comma-separated; '—' when there are none."""
    return ", ".join(known.get(i, i) for i in dict.fromkeys(i for i in ids if i)) or "—"


def clip(text: str, size: int) -> str:
    """``text`` cut to ``size`` characters, with an ellipsis when cut."""
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
