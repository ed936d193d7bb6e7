"""Indicators: defined by the city, monthly values entered by units, judged against the
same month last year and the year to date against the annual target; the city figure
made by each aggregation kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.indicators import aggregate, judge
from tests.helpers import dump


def run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_month_against_last_year_and_ytd_against_target() -> None:
    months = {"2025-10": 60.0, "2026-09": 50.0, "2026-10": 58.0}
    j = judge(months, "2026-10", higher_is_better=False, target=56.0, relative_target=-3.5)
    assert j.last_year == 60.0 and j.change_pct == pytest.approx(-3.333, abs=1e-3)
    assert j.better is False  # lower, but not 3.5 % lower
    assert j.ytd == 54.0 and j.on_target is True  # a bad month, a good year so far
    j = judge(months, "2026-10", higher_is_better=False, target=53.0)
    assert j.better is True and j.on_target is False
    assert judge({"2026-10": 1.0}, "2026-10", higher_is_better=True, target=None).better is None


def test_aggregation_kinds() -> None:
    assert aggregate("sum", {"a": 2.0, "b": 3.0}) == 5.0
    assert aggregate("city", {"city": 55.0, "a": 1.0}) == 55.0
    assert aggregate("city", {"a": 1.0}) is None
    assert aggregate("ratio", {}, numerators={"a": 4.0, "b": 5.0},
                     denominators={"a": 10.0, "b": 10.0}) == 45.0


def test_indicator_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    city, county = tmp_path / "city", tmp_path / "county"
    run(capsys, city, "init", "--role", "city", "--code", "130600", "--name", "保定市整改办")
    run(capsys, city, "unit", "add", "--code", "130602", "--name", "竞秀区", "--kind", "county")
    for code in ("130671", "130672"):  # departments: the city enters their values
        run(capsys, city, "unit", "add", "--code", code, "--name", f"部门{code}",
            "--kind", "department")
    assert run(capsys, city, "indicator", "define", "PM25", "--name", "细颗粒物浓度",
               "--uom", "μg/m³", "--direction", "lower", "--target", "56",
               "--relative", "-3.5")[0] == 0
    for code in ("GOOD", "ALL"):
        run(capsys, city, "indicator", "define", code, "--name", code, "--direction", "higher",
            "--aggregation", "sum", "--units", "130671,130672,130602")
    assert run(capsys, city, "indicator", "define", "RATIO", "--name", "优良断面比例",
               "--direction", "higher", "--target", "45", "--aggregation", "ratio",
               "--of", "GOOD", "ALL")[0] == 0
    run(capsys, city, "indicator", "set", "PM25", "--period", "2025-10", "--value", "60")
    run(capsys, city, "indicator", "set", "PM25", "--period", "2026-10", "--value", "57")
    for unit, good, total in (("130671", 4, 10), ("130672", 5, 10)):
        run(capsys, city, "indicator", "set", "GOOD", "--period", "2026-10",
            "--value", str(good), "--unit", unit)
        run(capsys, city, "indicator", "set", "ALL", "--period", "2026-10",
            "--value", str(total), "--unit", unit)
    before = dump(city / "ledger.sqlite3")
    code, _, err = run(capsys, city, "indicator", "set", "GOOD", "--period", "2026-10",
                       "--value", "1", "--unit", "130602")
    assert code == 1 and "有自己的台账" in err  # a county enters its own values
    code, _, err = run(capsys, city, "indicator", "set", "NOPE", "--period", "2026-10",
                       "--value", "1")
    assert code == 1 and "没有代码" in err
    code, _, err = run(capsys, city, "indicator", "set", "PM25", "--period", "2026-13",
                       "--value", "1")
    assert code == 1 and "月份" in err
    assert dump(city / "ledger.sqlite3") == before
    code, out, _ = run(capsys, city, "indicator", "list", "--period", "2026-10", "--json")
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["PM25"]["value"] == 57 and rows["PM25"]["better"] is True  # −5 % ≤ −3.5 %
    assert rows["PM25"]["on_target"] is False
    assert rows["GOOD"]["value"] == 9 and rows["RATIO"]["value"] == 45.0
    assert rows["RATIO"]["on_target"] is True
    # A county enters its own unit's value; it cannot define indicators.
    run(capsys, county, "init", "--role", "county", "--code", "130602", "--name", "竞秀区")
    code, _, err = run(capsys, county, "indicator", "set", "PM25", "--period", "2026-10",
                       "--value", "1", "--unit", "130671")
    assert code == 1 and "只有市级" in err
    code, _, err = run(capsys, county, "indicator", "define", "X", "--name", "x",
                       "--direction", "lower")
    assert code == 1 and "只有市级" in err
