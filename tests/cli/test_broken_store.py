"""A county's database edited by hand (sqlite3) so that a number is inf/nan/text or a
date is impossible: every reader says in Chinese which record holds the value and
what to do, exits 1, shows no traceback and writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import keys
from tests.helpers import dump

BREAKS = {
    "deadline-month-13": ("UPDATE task SET deadline = '2026-13-45' WHERE number = 3",
                          "任务编号 3 的“任务”记录的“整改时限”"),
    "deadline-garbage": ("UPDATE task SET deadline = 'soon' WHERE number = 3",
                         "任务编号 3 的“任务”记录的“整改时限”"),
    "percent-inf": ("UPDATE progress SET percent = 9e999 WHERE task_uuid ="
                    " (SELECT uuid FROM task WHERE number = 4)",
                    "任务编号 4 的“月度进展”记录的“完成比例”"),
    "percent-nan-text": ("UPDATE progress SET percent = 'nan' WHERE task_uuid ="
                         " (SELECT uuid FROM task WHERE number = 4)",
                         "任务编号 4 的“月度进展”记录的“完成比例”"),
    "percent-text": ("UPDATE progress SET percent = 'abc' WHERE task_uuid ="
                     " (SELECT uuid FROM task WHERE number = 4)",
                     "任务编号 4 的“月度进展”记录的“完成比例”"),
}

COMMANDS = {
    "status": ["status"],
    "tasks": ["tasks", "list"],
    "export": ["export", "ledger", "--out", "{home}/ledger.xlsx"],
    "packet": ["packet", "export", "--period", "2026-10", "--out", "{home}/out"],
}


def _break(home: Path, sql: str) -> None:
    conn = sqlite3.connect(home / "ledger.sqlite3")
    with conn:
        conn.execute(sql)
    conn.close()


# every reader over one broken date; each other kind of break through one reader
CASES = [("deadline-month-13", c) for c in COMMANDS] + [
    ("deadline-garbage", "export"), ("percent-inf", "packet"),
    ("percent-nan-text", "status"), ("percent-text", "tasks")]


@pytest.mark.slow  # a packet export signs; eight full opens of a demo ledger
@pytest.mark.parametrize(("broken", "command"), CASES)
def test_a_hand_broken_value_is_named_not_a_traceback(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        county_home: Path, broken: str, command: str) -> None:
    sql, where = BREAKS[broken]
    if command == "status" and broken.startswith("percent"):
        # status reads only each task's latest month; break that one
        sql = sql.replace(
            "WHERE task_uuid =", "WHERE period = (SELECT max(period) FROM progress"
            " WHERE task_uuid = (SELECT uuid FROM task WHERE number = 4)) AND task_uuid =")
    _break(county_home, sql)
    monkeypatch.setenv(keys.ENV_PASSPHRASE, keys.DEMO_PASSPHRASE)
    before = dump(county_home / "ledger.sqlite3")
    argv = [a.format(home=county_home) for a in COMMANDS[command]]
    code = main(["--home", str(county_home), "--today", "2026-11-29", *argv])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert where in err and "无法读取" in err and "audit verify" in err
    assert "Traceback" not in out + err
    assert dump(county_home / "ledger.sqlite3") == before
    assert not (county_home / "ledger.xlsx").exists() and not (county_home / "out").exists()


def test_checked_columns_are_still_dates_and_numbers_to_the_packet_wire() -> None:
    """packets.wire and merge pick a column's rule by isinstance(Date/Float) of the
    plain type: without a city packet was rejected ("accepted_on has an unsupported type")."""
    from sqlalchemy import Date, Float

    from db.models import Progress, Task
    from db.types import plain_type

    assert isinstance(plain_type(Task.__table__.c.deadline.type), Date)
    assert isinstance(plain_type(Progress.__table__.c.percent.type), Float)
