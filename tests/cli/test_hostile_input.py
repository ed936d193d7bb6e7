"""Inputs a tester found slipping through after the branches were merged: each is now
refused with a message in the clerk's words, and the ledger stays exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.i18n import UserError
from desktop.services.desk import open_desk
from desktop.services.records import FieldError
from tests.helpers import dump


def _run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str]:
    code = main(["--home", str(home), "--today", "2026-11-29", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def test_huge_numbers_are_a_usage_error_not_a_traceback(
        capsys: pytest.CaptureFixture[str], county_home: Path) -> None:
    before = dump(county_home / "ledger.sqlite3")
    for argv in (["selfcheck", "9" * 23, "--opinion", "x"],
                 ["closeout", "request", "9" * 23],
                 ["certificate", "9" * 23, "--out", str(county_home / "c.pdf")]):
        code, text = _run(capsys, county_home, *argv)
        assert code == 2 and "数字太大" in text and "Traceback" not in text
    assert dump(county_home / "ledger.sqlite3") == before


def test_an_empty_notice_id_picks_nothing(capsys: pytest.CaptureFixture[str],
                                          county_home: Path) -> None:
    code, text = _run(capsys, county_home, "supervise", "reply", "", "--text", "x")
    assert code == 1 and "请写明督办单号" in text


def test_a_value_longer_than_its_column_is_refused_at_the_door(county_home: Path) -> None:
    """Accepted once by the workbook import, such a value made the city refuse every
    later packet of the county; now the door refuses it wherever it is typed."""
    with open_desk(county_home) as ctx:
        with ctx.store.read() as s:
            from sqlalchemy import select

            from db.models import Effect, Task

            effect = s.scalars(select(Effect.uuid).join(Task, Task.uuid == Effect.task_uuid)
                               .where(Task.status != "closed_out")).first()
        assert effect is not None
        before = dump(ctx.paths.database)
        with pytest.raises(FieldError, match="不能超过 40 个字"):
            ctx.ledger.set_fields("effect", effect, {"unit_of_measure": "米" * 60})
        assert dump(ctx.paths.database) == before


def test_an_implausible_reply_date_is_refused_when_typed(tmp_path: Path) -> None:
    from desktop.services import demo
    from tests.conftest import TODAY

    with demo.build_demo(tmp_path / "city", "city", None, TODAY) as city:
        before = dump(city.paths.database)
        with pytest.raises(UserError, match="不合常理"):
            city.ledger.issue_supervision(unit_code="130602", level="remind",
                                          reply_by="9999-12-31", text="请报告。")
        assert dump(city.paths.database) == before


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "250"])
def test_indicator_values_a_clerk_could_not_measure(capsys: pytest.CaptureFixture[str],
                                                    county_home: Path, value: str) -> None:
    """inf once reached the ledger and made every later packet export crash."""
    before = dump(county_home / "ledger.sqlite3")
    code, text = _run(capsys, county_home, "indicator", "set", "good_air_ratio", "--period",
                      "2026-11", f"--value={value}")
    assert code == 1 and "指标数值应为0到" in text and "Traceback" not in text
    assert dump(county_home / "ledger.sqlite3") == before
