"""The close-out procedure's commands: each refusal names every unmet condition, exits
1 and leaves the ledger as it was; the city allocates numbers, never the same twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from tests.cli.test_review_cli import accept_and_publish, city  # noqa: F401
from tests.helpers import dump


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    got = capsys.readouterr()
    return code, got.out, got.err


def test_county_refusals_name_every_condition(county_home: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(county_home)]
    before = dump(county_home / "ledger.sqlite3")
    code, _out, err = _run(capsys, *home, "closeout", "request", "1")
    assert code == 1
    assert "不能申请销号" in err and "措施未完成" in err and "尚未进行验收" in err
    assert "效果未达目标" in err or "效果未填写实际值" in err
    code, _out, err = _run(capsys, *home, "selfcheck", "1", "--opinion", " ")
    assert code == 1 and "不能记录自查" in err and "请填写自查意见" in err
    code, _out, err = _run(capsys, *home, "accept", "1", "--unit", "130602", "--date",
                           "2026-11-29", "--inspectors", "x", "--opinion", "y")
    assert code == 1 and "只有市级台账可以记录市级验收" in err
    code, _out, err = _run(capsys, *home, "notice", "start", "1", "--unit", "130602")
    assert code == 1 and "只有市级台账" in err
    assert dump(county_home / "ledger.sqlite3") == before


def test_self_check_then_request(county_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A task whose work is done (the demo's accepted ones) is self-checked and
    requested from the command line."""
    from sqlalchemy import select

    from db.models import Task
    from desktop.services.desk import open_desk

    with open_desk(county_home, lock=False) as ctx, ctx.store.read() as s:
        number = s.scalars(select(Task.number).where(Task.status == "accepted")
                           .order_by(Task.number)).first()
    assert number is not None
    home = ["--home", str(county_home)]
    code, out, _err = _run(capsys, *home, "selfcheck", str(number), "--opinion", "自查合格")
    assert code == 0 and "已记录自查" in out
    code, out, _err = _run(capsys, *home, "closeout", "request", str(number))
    assert code == 0 and "已申请销号" in out
    code, _out, err = _run(capsys, *home, "selfcheck", str(number), "--opinion", "再查")
    assert code == 1 and "任务已申请销号或已销号" in err


def test_city_steps_refused_with_every_reason(city: Path,  # noqa: F811
                                               capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(city)]
    _run(capsys, *home, "review", "list", "--json")
    item = json.loads(_run(capsys, *home, "review", "list", "--json")[1])[0]
    task, unit = str(item["number"]), item["unit_code"]
    before = dump(city / "ledger.sqlite3")
    code, _out, err = _run(capsys, *home, "accept", task, "--unit", unit, "--date", "2020-01-01",
                           "--inspectors", " ", "--opinion", " ", "--fail")
    assert code == 1
    for reason in ("早于申请销号日期", "请填写验收人员", "请填写验收意见", "验收不通过须写明理由"):
        assert reason in err, reason
    code, _out, err = _run(capsys, *home, "notice", "start", task, "--unit", unit)
    assert code == 1 and "市级验收尚未通过" in err
    code, _out, err = _run(capsys, *home, "notice", "objection", task, "--unit", unit,
                           "--text", "有异议")
    assert code == 1 and "没有进行中的公示" in err
    assert dump(city / "ledger.sqlite3") == before


def test_failed_acceptance_returns_the_request(city: Path,  # noqa: F811
                                              capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(city)]
    item = json.loads(_run(capsys, *home, "review", "list", "--json")[1])[0]
    code, out, _err = _run(capsys, *home, "accept", str(item["number"]), "--unit",
                           item["unit_code"], "--date", item["requested_on"], "--inspectors",
                           "市验收组", "--opinion", "未达标", "--fail", "--reasons", "监测数据缺失")
    assert code == 0 and "已退回" in out
    left = json.loads(_run(capsys, *home, "review", "list", "--json")[1])
    assert item["id"] not in [i["id"] for i in left]


def test_two_approvals_in_one_day_get_different_numbers(city: Path,  # noqa: F811
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    home = ["--home", str(city)]
    items = json.loads(_run(capsys, *home, "review", "list", "--json")[1])
    first, second = items[0], next(i for i in items if i["unit_code"] != items[0]["unit_code"])
    numbers = []
    for item in (first, second):
        accept_and_publish(city, item)
        # An objection during the notice blocks approval until it is handled.
        code, out, _err = _run(capsys, *home, "notice", "objection", str(item["number"]),
                               "--unit", item["unit_code"], "--text", "现场仍有异味")
        assert code == 0
        objection = out.strip().splitlines()[-1].split("：")[1][:8]
        code, _out, err = _run(capsys, *home, "review", "approve", item["id"], "--json")
        assert code == 1 and "公示异议尚未处理：现场仍有异味" in err
        code, _out, err = _run(capsys, *home, "notice", "objection", str(item["number"]),
                               "--unit", item["unit_code"], "--resolve", objection)
        assert code == 1 and "请填写处理情况" in err
        assert _run(capsys, *home, "notice", "objection", str(item["number"]), "--unit",
                    item["unit_code"], "--resolve", objection, "--handling", "已核实处理")[0] == 0
        code, out, _err = _run(capsys, *home, "review", "approve", item["id"], "--json")
        assert code == 0
        numbers.append(json.loads(out)["number"])
    assert numbers[0] != numbers[1]
    assert all(n.startswith("销号〔2026〕第") for n in numbers)
    seqs = [int(n.split("第")[1].rstrip("号")) for n in numbers]
    assert seqs[1] == seqs[0] + 1
