"""A month after the current one is refused by the one period rule, whichever way it
comes in (command line, door, packet merge), and the ledger stays as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.validation import check_period, check_value
from tests.helpers import dump


def _run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str]:
    code = main(["--home", str(home), "--today", "2026-11-29", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def test_the_period_rule_refuses_a_month_not_yet_begun() -> None:
    today = date(2026, 11, 29)
    assert check_period("2026-11", today) is None
    assert check_period("2026-10", today) is None
    bad = check_period("2026-12", today)
    assert bad is not None and "还没到" in bad.zh
    assert check_period("2099-01", today) is not None


@pytest.mark.parametrize("table", ["progress", "indicator_value", "period_declaration"])
def test_a_packet_record_with_a_future_month_is_refused(table: str) -> None:
    # packets.merge asks check_value for every incoming record's period
    assert check_value(table, "period", "2099-01") is not None


@pytest.mark.parametrize("argv", [
    ["progress", "set", "1", "--period", "2099-01", "--percent", "10", "--text", "已排查"],
    ["progress", "set", "1", "--period", "2026-12", "--percent", "10", "--text", "已排查"],
    ["indicator", "set", "good_air_ratio", "--period", "2099-01", "--value", "50"],
])
def test_the_command_line_refuses_a_future_month(capsys: pytest.CaptureFixture[str],
                                                 county_home: Path, argv: list[str]) -> None:
    before = dump(county_home / "ledger.sqlite3")
    code, text = _run(capsys, county_home, *argv)
    assert code == 1 and "还没到" in text and "Traceback" not in text
    assert dump(county_home / "ledger.sqlite3") == before


def test_the_current_month_is_still_accepted(capsys: pytest.CaptureFixture[str],
                                             county_home: Path) -> None:
    code, text = _run(capsys, county_home, "progress", "set", "1", "--period", "2026-11",
                      "--percent", "10", "--text", "已排查")
    assert code == 0, text
