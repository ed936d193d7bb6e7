"""Indicators: the city defines them, units enter monthly values (the door checks who
may enter which unit's value)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Indicator, IndicatorValue, OrgUnit
from desktop.domain import indicators as rules
from desktop.domain.validation import (
    check_code,
    check_indicator_targets,
    check_indicator_value,
    check_period,
)
from desktop.i18n import Msg, UserError


def define(session: Session, owner: str, *, code: str, name: str, unit_of_measure: str,
           higher_is_better: bool, target: float | None, relative_target: float | None,
           aggregation: str, ratio_of: list[str], reporting_units: list[str],
           baseline: float | None = None) -> Indicator:
    bad = check_code(code, Msg("指标代码", "Indicator code")) or check_indicator_targets(
        percent=unit_of_measure.strip() == "%", target=target, relative_target=relative_target)
    if bad:
        raise UserError(bad)
    if not name.strip():
        raise UserError(Msg("指标名称不能为空。", "The indicator needs a name."))
    if aggregation not in rules.AGGREGATIONS:
        raise UserError(Msg(f"汇总方式“{aggregation}”无效，只能是 city、sum 或 ratio。",
                            f"Aggregation “{aggregation}” is invalid: city, sum or ratio."))
    if aggregation == "ratio":
        known = set(session.scalars(select(Indicator.code)))
        if len(ratio_of) != 2 or not set(ratio_of) <= known:
            raise UserError(Msg("比值指标要写明分子、分母两个已登记的指标代码（--of 分子 分母）。",
                                "A ratio names two defined indicators (numerator, "
                                "denominator)."))
    units = set(session.scalars(select(OrgUnit.code)))
    unknown = [u for u in reporting_units if u not in units]
    if unknown:
        raise UserError(Msg(f"没有这些单位：{'、'.join(unknown)}", f"Unknown units: {unknown}"))
    row = session.scalars(select(Indicator).where(Indicator.code == code)).first()
    values: dict[str, Any] = dict(
        name=name.strip(), unit_of_measure=unit_of_measure.strip(),
        higher_is_better=higher_is_better, target=target, relative_target=relative_target,
        aggregation=aggregation, ratio_of=list(ratio_of), reporting_units=list(reporting_units))
    if baseline is not None:  # the value of the year before the plan, where it is known
        values["baseline"] = baseline
    if row is None:
        row = Indicator(owner=owner, code=code, **values)
        session.add(row)
    else:
        for k, v in values.items():
            if getattr(row, k) != v:
                setattr(row, k, v)
    return row


def entry_problem(ind: Indicator, unit: str, value: object, *, city_measures: bool = False
                  ) -> Msg | None:
    """Why ``unit`` may not enter ``value`` for ``ind`` (None: it may): the value's range
    (to 100 for a percentage), and only a unit the indicator names as reporting it, or
    the city entering the figure it measures itself.  Asked of every entry: the window,
    the command line, the workbook and a county's packet at the city."""
    bad = check_indicator_value(value, percent=(ind.unit_of_measure or "").strip() == "%")
    if bad is not None:
        return bad
    if ind.reporting_units and unit not in ind.reporting_units and not city_measures:
        return Msg(f"单位 {unit} 不报送指标“{ind.name}”。",
                   f"Unit {unit} does not report “{ind.name}”.")
    return None


def set_value(session: Session, owner: str, code: str, unit: str, period: str,
              value: float, *, city: bool = False) -> IndicatorValue:
    """``owner`` enters ``unit``'s value (``city``: the desk entering is the city's)."""
    ind = session.scalars(select(Indicator).where(Indicator.code == code)).first()
    if ind is None:
        raise UserError(Msg(f"没有代码为“{code}”的指标。", f"No indicator “{code}”."))
    bad_period = check_period(period)  # the one period rule: YYYY-MM, not in the future
    if bad_period is not None:
        raise UserError(bad_period)
    bad = entry_problem(ind, unit, value, city_measures=city and unit == owner)
    if bad is not None:
        raise UserError(bad)
    row = session.scalars(select(IndicatorValue).where(
        IndicatorValue.indicator_code == code, IndicatorValue.unit_code == unit,
        IndicatorValue.period == period)).first()
    if row is None:
        row = IndicatorValue(owner=owner, indicator_code=code, unit_code=unit, period=period,
                             value=value)
        session.add(row)
    elif row.owner != owner:
        raise UserError(Msg("这个数值由其他台账填报，不能在这里修改。",
                            "Another desk entered this value."))
    elif row.value != value:
        row.value = value
    return row


def listing(session: Session, period: str | None, city_code: str) -> list[dict[str, Any]]:
    """Every indicator with its city figure (made by its aggregation) for ``period``
    (the latest month with values when None), judged."""
    series: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for v in session.scalars(select(IndicatorValue)):
        series[v.indicator_code][v.period][v.unit_code] = v.value
    out = []
    for ind in session.scalars(select(Indicator).order_by(Indicator.code)):
        def city_figure(p: str, ind: Indicator = ind) -> float | None:
            vals = series[ind.code].get(p, {})
            if ind.aggregation == "ratio" and len(ind.ratio_of or []) == 2:
                num, den = ind.ratio_of
                return rules.aggregate("ratio", {}, numerators=series[num].get(p, {}),
                                       denominators=series[den].get(p, {}))
            if ind.aggregation == "city":
                vals = {"city": vals[city_code]} if city_code in vals else {}
            return rules.aggregate(ind.aggregation, vals)

        periods = set(series[ind.code])
        for code in ind.ratio_of or []:
            periods |= set(series[code])
        months = {p: f for p in periods if (f := city_figure(p)) is not None}
        at = period or max(months, default=None)
        j = rules.judge(months, at, higher_is_better=ind.higher_is_better, target=ind.target,
                        relative_target=ind.relative_target,
                        summed=ind.aggregation == "sum") if at else None
        out.append({
            "code": ind.code, "name": ind.name, "unit_of_measure": ind.unit_of_measure,
            "direction": "higher" if ind.higher_is_better else "lower",
            "target": ind.target, "relative_target": ind.relative_target,
            "aggregation": ind.aggregation, "ratio_of": list(ind.ratio_of or []),
            "reporting_units": list(ind.reporting_units or []), "period": at,
            "value": j.value if j else None, "last_year": j.last_year if j else None,
            "change_pct": j.change_pct if j else None, "better": j.better if j else None,
            "ytd": j.ytd if j else None, "on_target": j.on_target if j else None,
            "units": dict(sorted(series[ind.code].get(at, {}).items())) if at else {},
        })
    return out


def own_values(session: Session, period: str, unit: str) -> dict[str, float]:
    """This desk's own unit's values of ``period`` (indicator code → value)."""
    return dict(session.execute(select(IndicatorValue.indicator_code, IndicatorValue.value)
                                .where(IndicatorValue.period == period,
                                       IndicatorValue.unit_code == unit)).all())
