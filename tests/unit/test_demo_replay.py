"""The demo is made through the doors a clerk uses (issue 11, point 8): the city's
round, units, indicators and task list by the plan's operations, each county's year by
that county's rights, the city's decisions by the city's; so a rule the door asks is
asked of the demo too, and a county demo holds exactly the city demo's copy of it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.audit import verify
from db.models import InspectionRound
from desktop.domain import rights
from desktop.i18n import Msg, UserError
from desktop.services import demo
from desktop.services.desk import DeskContext, open_desk
from desktop.services.door import Ledger
from tests.conftest import TODAY
from tests.helpers import dump

_full = demo.load_catalogue
COUNTY = "130607"  # third in the catalogue: the city numbered two counties' close-outs first


def _trimmed() -> dict[str, Any]:
    cat = _full()
    return {**cat, "counties": cat["counties"][:3], "tasks": cat["tasks"][:16]}


def test_the_plan_is_set_up_by_the_citys_operations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "load_catalogue", _trimmed)
    calls: Counter[str] = Counter()
    for name in ("add_round", "add_unit", "define_indicator", "save_catalogue_task",
                 "set_indicator_value", "save_progress", "request_closeout",
                 "decide_closeout", "request_extension", "decide_extension",
                 "register_petition"):
        real = getattr(Ledger, name)

        def spy(self: Ledger, *a: Any, _real: Any = real, _name: str = name, **kw: Any) -> Any:
            calls[(_name, self.role)] += 1  # type: ignore[index]
            return _real(self, *a, **kw)

        monkeypatch.setattr(Ledger, name, spy)
    steps: list[tuple[int, int]] = []
    demo.build_demo(tmp_path / "city", "city", None, TODAY,
                    progress=lambda done, total: steps.append((done, total))).close()
    assert steps == [(1, 4), (2, 4), (3, 4)]  # the window's bar: a county at a time
    cat = _trimmed()
    assert calls[("add_round", "city")] == 1  # type: ignore[index]
    assert calls[("add_unit", "city")] == len(cat["counties"]) + len(cat["departments"])  # type: ignore[index]
    assert calls[("save_catalogue_task", "city")] == len(cat["tasks"])  # type: ignore[index]
    assert calls[("define_indicator", "city")] == len(cat["indicators"])  # type: ignore[index]
    # Six months of values per indicator, entered by each county with its own rights.
    assert calls[("set_indicator_value", "county")] == 3 * 6 * len(cat["indicators"])  # type: ignore[index]
    assert calls[("register_petition", "county")] == 3 * 3  # type: ignore[index]
    assert calls[("save_progress", "county")] > 0  # type: ignore[index]
    assert calls[("request_closeout", "county")] > 0  # type: ignore[index]
    assert calls[("decide_closeout", "city")] > 0  # type: ignore[index]
    assert calls[("request_extension", "county")] == calls[("decide_extension", "city")] > 0  # type: ignore[index]
    with sqlite3.connect(tmp_path / "city" / "ledger.sqlite3") as conn:
        decided = conn.execute("SELECT COUNT(*) FROM closeout_decision").fetchone()[0]
        numbers = [r[0] for r in conn.execute("SELECT closeout_number FROM closeout_decision")]
    assert decided == calls[("decide_closeout", "city")]  # type: ignore[index]
    assert len(set(numbers)) == len(numbers)  # the door allocated each, none typed


def test_a_rule_of_the_door_stops_the_demo_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a county not allowed to report progress, the demo could not hold any: it
    is refused as the clerk would be, and the folder is left empty."""
    monkeypatch.setattr(demo, "load_catalogue", _trimmed)
    real = rights.may_create

    def no_progress(role: str, table: str, **kw: Any) -> Msg | None:
        if table == "progress":
            return Msg("不允许", "not allowed")
        return real(role, table, **kw)

    monkeypatch.setattr(rights, "may_create", no_progress)
    home = tmp_path / "county"
    with pytest.raises(Exception, match="不允许"):
        demo.build_demo(home, "county", COUNTY, TODAY)
    assert not (home / "ledger.sqlite3").exists()
    assert not (home / "evidence").exists()


def test_a_county_demo_holds_the_citys_copy_and_its_history_says_only_that(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record of a county demo (not the first county of the catalogue) is the
    city demo's record, field for field; its audit chain holds an insert for each and
    verifies."""
    monkeypatch.setattr(demo, "load_catalogue", _trimmed)
    demo.build_demo(tmp_path / "city", "city", None, TODAY).close()
    demo.build_demo(tmp_path / "county", "county", COUNTY, TODAY).close()
    county = sqlite3.connect(tmp_path / "county" / "ledger.sqlite3")
    city = sqlite3.connect(tmp_path / "city" / "ledger.sqlite3")
    compared = Counter[str]()
    tables = [r[0] for r in county.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        cols = [r[1] for r in county.execute(f"PRAGMA table_info({table})")]
        if "uuid" not in cols or table == "desk":
            continue
        cols = [c for c in cols if c != "updated_at"]
        q = f"SELECT {', '.join(cols)} FROM {table}"
        mine = set(county.execute(q).fetchall())
        theirs = set(city.execute(q).fetchall())
        assert mine <= theirs, table
        compared[table] = len(mine)
    for table in ("task", "closeout_decision", "city_acceptance", "public_notice", "extension",
                  "progress", "measure", "petition", "indicator_value"):
        assert compared[table] > 0, table
    assert county.execute("SELECT COUNT(*) FROM task WHERE unit_code != ?", (COUNTY,)
                          ).fetchone() == (0,)
    audited = county.execute("SELECT action, COUNT(*) FROM audit_log GROUP BY action").fetchall()
    assert dict(audited) == {"insert": sum(compared.values()) + 1}  # and the desk row
    ctx = open_desk(tmp_path / "county")
    try:
        with ctx.store.read() as s:
            report = verify(s)
        assert report.ok, report
        assert (ctx.role, ctx.code) == ("county", COUNTY)
    finally:
        ctx.close()


def test_a_petition_is_registered_with_its_round_and_a_due_date_not_before_it_came(
    county_demo: DeskContext,
) -> None:
    """The replay registers petitions with the round they came in and a due date, as
    a clerk may; a due date before the day received, or an unknown round, is refused
    and nothing is stored."""
    with county_demo.store.read() as s:
        round_uuid = s.scalars(select(InspectionRound.uuid)).one()
    base = {"case_no": "T-1", "received_date": date(2026, 10, 9), "content": "噪声扰民",
            "location": "竞秀区"}
    before = dump(county_demo.paths.database)
    for bad, field in (({"due_date": date(2026, 10, 8)}, "不能早于受理日期"),
                       ({"round_uuid": "no-such-round"}, "找不到")):
        with pytest.raises(UserError, match=field):
            county_demo.ledger.register_petition({**base, **bad})
        assert dump(county_demo.paths.database) == before
    p = county_demo.ledger.register_petition(
        {**base, "round_uuid": round_uuid, "due_date": date(2026, 11, 9)}).value
    assert (p.round_uuid, p.due_date) == (round_uuid, date(2026, 11, 9))
