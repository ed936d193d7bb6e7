"""Indicators judged as the plan states its targets: a month against the same month
of the previous year, the year to date against the annual target (never one month
against the annual target); the city figure made from the units' figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

AGGREGATIONS = ("city", "sum", "ratio")


@dataclass(frozen=True)
class Judgement:
    value: float | None
    last_year: float | None
    change_pct: float | None  # against the same month last year
    better: bool | None  # than last year; None when there is nothing to compare
    ytd: float | None  # the year to date (mean of the months so far; a sum for sums)
    on_target: bool | None  # the year to date against the annual target


def _better(new: float, old: float, higher_is_better: bool) -> bool:
    return new > old if higher_is_better else new < old


def judge(months: Mapping[str, float], period: str, *, higher_is_better: bool,
          target: float | None, relative_target: float | None = None,
          summed: bool = False) -> Judgement:
    """``months``: period (YYYY-MM) → value of one unit or the city."""
    year, month = period.split("-")
    value = months.get(period)
    last = months.get(f"{int(year) - 1}-{month}")
    change = (value - last) / last * 100 if value is not None and last not in (None, 0) else None
    better: bool | None = None
    if relative_target is not None and change is not None:  # "−3.5 % on last year"
        better = change <= relative_target if not higher_is_better else change >= relative_target
    elif value is not None and last is not None:
        better = value == last or _better(value, last, higher_is_better)
    so_far = [v for p, v in months.items() if p[:4] == year and p <= period]
    ytd = (sum(so_far) if summed else sum(so_far) / len(so_far)) if so_far else None
    on_target = None
    if ytd is not None and target is not None:
        on_target = ytd >= target if higher_is_better else ytd <= target
    return Judgement(value, last, change, better, ytd, on_target)


def aggregate(kind: str, values: Mapping[str, float], *,
              numerators: Mapping[str, float] | None = None,
              denominators: Mapping[str, float] | None = None) -> float | None:
    """The city figure from the units' figures of one month.  ``city``: measured by the
    city (its own value is ``values['city']`` if any); ``sum``: the units' sum;
    ``ratio``: Σ numerators ÷ Σ denominators, in percent (good sections ÷ all)."""
    if kind == "sum":
        return sum(values.values()) if values else None
    if kind == "ratio":
        num, den = sum((numerators or {}).values()), sum((denominators or {}).values())
        return num / den * 100 if den else None
    return values.get("city")
