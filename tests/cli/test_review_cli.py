"""The city's close-out review from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Revisit, Task
from desktop.cli import main
from desktop.services import demo
from desktop.services.desk import open_desk
from tests.conftest import TODAY
from tests.helpers import dump

_full = demo.load_catalogue


def _small() -> dict[str, Any]:
    cat = _full()
    cat["counties"] = cat["counties"][:4]
    return cat


@pytest.fixture
def city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(demo, "load_catalogue", _small)
    demo.build_demo(tmp_path / "city", "city", None, TODAY).close()
    return tmp_path / "city"


def accept_and_publish(city: Path, item: dict[str, Any]) -> None:
    """The city's acceptance on the request's day and a notice from then (over by now)."""
    day = item["requested_on"]
    common = ["--home", str(city)]
    assert main([*common, "accept", str(item["number"]), "--unit", item["unit_code"],
                 "--date", day, "--inspectors", "市整改办验收组",
                 "--opinion", "同意通过验收。"]) == 0
    assert main([*common, "notice", "start", str(item["number"]), "--unit", item["unit_code"],
                 "--date", day]) == 0


def test_list_approve_and_return(city: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(city), "review", "list", "--json"]) == 0
    pending = json.loads(capsys.readouterr().out)
    assert len(pending) >= 2
    first, second = pending[0], pending[1]
    assert {"id", "kind", "number", "unit_code"} <= set(first)
    assert first["kind"] == "closeout"
    accept_and_publish(city, first)
    capsys.readouterr()
    code = main(["--home", str(city), "review", "approve", first["id"][:8]])
    out = capsys.readouterr().out
    assert code == 0 and "已批准销号" in out and "销号〔2026〕第" in out
    code = main(
        [
            "--home",
            str(city),
            "review",
            "return",
            second["id"],
            "--reasons",
            "佐证材料不足",
        ]
    )
    assert code == 0
    with open_desk(city, lock=False) as ctx, ctx.store.read() as s:
        assert s.get(Task, first["task_uuid"]).status == "closed_out"  # type: ignore[union-attr]
        assert s.get(Task, second["task_uuid"]).status == "returned"  # type: ignore[union-attr]
        due = s.scalars(
            select(Revisit.due_date).where(
                Revisit.task_uuid == first["task_uuid"], Revisit.done_date.is_(None)
            )
        ).all()
        assert TODAY.replace(year=2027, month=2, day=28) in due  # +3 months, clamped


def test_refusals_change_nothing(city: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--home", str(city), "review", "list", "--json"])
    req = json.loads(capsys.readouterr().out)[0]["id"]
    before = dump(city / "ledger.sqlite3")
    assert main(["--home", str(city), "review", "approve", req]) == 1
    err = capsys.readouterr().err
    assert "不能批准销号" in err and "市级尚未验收" in err and "尚未公示" in err
    assert main(["--home", str(city), "review", "approve", "ffffffff"]) == 1
    assert "找不到" in capsys.readouterr().err
    assert main(["--home", str(city), "review", "approve", req, "--number", "1"]) == 2
    assert main(["--home", str(city), "review", "return", req]) == 2
    assert dump(city / "ledger.sqlite3") == before


def test_county_cannot_review(county_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(county_home), "review", "list"]) == 1
    assert "只有市级台账" in capsys.readouterr().err
