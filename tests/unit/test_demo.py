"""The demonstration ledger is deterministic: a county demo is exactly that county's
part of the city demo, with the same identifiers, so demo desks can exchange packets."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.services import demo
from tests.conftest import TODAY

COUNTY = "130606"
SKIP_COLUMNS = {"updated_at"}


_full = demo.load_catalogue


def _trimmed() -> dict[str, Any]:
    cat = _full()
    cat["counties"] = cat["counties"][:3]
    cat["tasks"] = cat["tasks"][:12]
    return cat


def _rows(db: Path, table: str, where: str) -> set[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        cols = [
            r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in SKIP_COLUMNS
        ]
        q = f"SELECT {', '.join(cols)} FROM {table} WHERE {where}"
        return set(conn.execute(q).fetchall())
    finally:
        conn.close()


def test_county_demo_is_its_part_of_the_city_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "load_catalogue", _trimmed)
    demo.build_demo(tmp_path / "city", "city", None, TODAY).close()
    demo.build_demo(tmp_path / "county", "county", COUNTY, TODAY).close()
    city, county = tmp_path / "city" / "ledger.sqlite3", tmp_path / "county" / "ledger.sqlite3"
    owned = f"owner = '{COUNTY}'"
    for table in (
        "problem",
        "measure",
        "responsibility",
        "effect",
        "progress",
        "evidence",
        "acceptance",
        "closeout_request",
        "revisit",
        "petition",
        "indicator_value",
    ):
        mine = _rows(county, table, owned)
        assert mine, table
        assert mine == _rows(city, table, owned), table
    task_where = f"unit_code = '{COUNTY}'"
    assert _rows(county, "task", task_where) == _rows(city, "task", task_where)
    assert len(_rows(county, "task", task_where)) == 12
    for table in ("org_unit", "inspection_round", "indicator"):
        assert _rows(county, table, "1") == _rows(city, table, "1"), table
    # Evidence files are the same bytes under the same hash.
    ev_county = sorted(p.name for p in (tmp_path / "county" / "evidence").rglob("*") if p.is_file())
    ev_city = {p.name for p in (tmp_path / "city" / "evidence").rglob("*") if p.is_file()}
    assert ev_county and set(ev_county) <= ev_city


def test_demo_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "load_catalogue", _trimmed)
    for name in ("a", "b"):
        demo.build_demo(tmp_path / name, "county", COUNTY, TODAY).close()
    for table in ("task", "measure", "progress", "petition"):
        a = _rows(tmp_path / "a" / "ledger.sqlite3", table, "1")
        b = _rows(tmp_path / "b" / "ledger.sqlite3", table, "1")
        assert a == b, table


def test_demo_refuses_a_folder_with_a_ledger(county_home: Path) -> None:
    from desktop.i18n import UserError
    from tests.helpers import dump

    before = dump(county_home / "ledger.sqlite3")
    with pytest.raises(UserError, match="已经有台账"):
        demo.build_demo(county_home, "county", None, TODAY)
    assert dump(county_home / "ledger.sqlite3") == before


def test_full_catalogue_has_55_numbered_tasks() -> None:
    cat = demo.load_catalogue()
    assert [t["number"] for t in cat["tasks"]] == list(range(1, 56))
    departments = {d["code"] for d in cat["departments"]}
    assert all(t["lead_unit"] in departments for t in cat["tasks"])
