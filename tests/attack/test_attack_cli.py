"""Attacks on the newer commands' input (brief: attack, target 3).

Each test shows a fault on ``main`` as it is: it passes while the fault is there
(xfail strict) and will XPASS, failing the suite, once the fault is fixed; then drop
the marker.  The rule asked for: bad input exits 1 (2 for usage) with a Chinese
message, no traceback, and the ledger unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from tests.helpers import dump
from tests.packets.conftest import CITY, Desks

TODAY = "2026-11-29"  # tests/conftest.py TODAY


def _run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str,
         today: str = TODAY) -> tuple[int, str]:
    code = main(["--home", str(home), "--today", today, *argv])
    out, err = capsys.readouterr()
    return code, out + err


def _refused(capsys: pytest.CaptureFixture[str], home: Path, *argv: str,
             today: str = TODAY) -> str:
    """The command must be refused (exit 1 or 2), with no traceback, nothing stored."""
    before = dump(home / "ledger.sqlite3")
    code, text = _run(capsys, home, *argv, today=today)
    assert "Traceback" not in text
    assert code in (1, 2), (code, text)
    assert dump(home / "ledger.sqlite3") == before
    return text


def test_round_name_with_control_character(capsys: pytest.CaptureFixture[str],
                                           desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "round", "add", "--name", "第三轮\x01督察",
             "--kind", "central", "--feedback-date", "2026-01-05")


def test_round_feedback_date_far_future(capsys: pytest.CaptureFixture[str],
                                        desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "round", "add", "--name", "第三轮督察",
             "--kind", "central", "--feedback-date", "9999-12-31")


def test_extension_reason_with_control_character(capsys: pytest.CaptureFixture[str],
                                                 county_home: Path) -> None:
    _refused(capsys, county_home, "extension", "request", "5", "--until", "2027-06-30",
             "--reason", "汛期\x01施工")


def test_progress_for_a_future_month(capsys: pytest.CaptureFixture[str],
                                     county_home: Path) -> None:
    _refused(capsys, county_home, "progress", "set", "5", "--period", "2099-12",
             "--percent", "50", "--text", "提前写好的进展")


def test_indicator_value_for_a_future_month(capsys: pytest.CaptureFixture[str],
                                            county_home: Path) -> None:
    _refused(capsys, county_home, "indicator", "set", "pm25", "--period", "2099-12",
             "--value", "30")


def test_lights_snapshot_of_the_running_month(capsys: pytest.CaptureFixture[str],
                                              desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "lights", "snapshot", "--period", "2026-11")


def test_ranking_of_the_running_month(capsys: pytest.CaptureFixture[str],
                                      desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "ranking", "--period", "2026-11")


def test_petition_received_in_the_future(capsys: pytest.CaptureFixture[str],
                                         county_home: Path) -> None:
    _refused(capsys, county_home, "petition", "register", "县信2026-999", "--content",
             "夜间施工噪声扰民。", "--received", "2099-01-01")


def test_selfcheck_opinion_with_control_character(capsys: pytest.CaptureFixture[str],
                                                  county_home: Path) -> None:
    _refused(capsys, county_home, "selfcheck", "1", "--opinion", "已完成\x01整改")


def test_petition_refusals_name_fields_in_chinese(capsys: pytest.CaptureFixture[str],
                                                  county_home: Path) -> None:
    import re

    for argv in (["petition", "register", "县信2026-998", "--content", "噪声\x01"],
                 ["petition", "handle", "BD-2019-001-130602", "--similar-found", "9" * 23]):
        text = _refused(capsys, county_home, *argv)
        assert not re.search(r"“[a-z_]+”", text), text


def test_indicator_target_infinite(capsys: pytest.CaptureFixture[str], desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "indicator", "define", "pm10", "--name",
             "可吸入颗粒物（PM10）平均浓度", "--direction", "lower", "--target", "inf")


@pytest.mark.parametrize("extra", [["--uom", "%", "--direction", "higher", "--target", "150"],
                                   ["--direction", "lower", "--target", "-5"],
                                   ["--direction", "lower", "--relative", "-200"]])
def test_indicator_impossible_targets(extra: list[str], capsys: pytest.CaptureFixture[str],
                                      desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "indicator", "define", "pm10", "--name",
             "可吸入颗粒物（PM10）平均浓度", *extra)


def test_indicator_name_with_control_character(capsys: pytest.CaptureFixture[str],
                                               desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "indicator", "define", "pm10", "--name",
             "可吸入\x01颗粒物", "--direction", "lower")


def test_packet_export_after_an_infinite_target(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch,
                                                desks: Desks) -> None:
    from desktop.services import keys
    from tests.packets.conftest import COUNTY_A

    home = desks.homes[CITY]
    _run(capsys, home, "indicator", "define", "pm10", "--name", "PM10", "--direction",
         "lower", "--target", "inf")
    monkeypatch.setenv(keys.ENV_PASSPHRASE, keys.DEMO_PASSPHRASE)
    try:
        code, text = _run(capsys, home, "packet", "export", "--to", COUNTY_A, "--out",
                          str(desks.tmp / "usb"))
    except ValueError as e:  # what main lets through today
        code, text = -1, f"Traceback: {e}"
    assert code == 0 and "Traceback" not in text, text[-300:]


@pytest.mark.parametrize("extra", [["--name", "清苑\u202e区"],
                                   ["--name", "清苑区", "--short", "清\x01苑"]])
def test_unit_names_with_forbidden_characters(extra: list[str],
                                              capsys: pytest.CaptureFixture[str],
                                              desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "unit", "add", "--code", "130608", "--kind",
             "county", *extra)


@pytest.mark.parametrize("extra", [["--name", "第三轮\u202e督察"],
                                   ["--name", "第三轮督察", "--team", "督察\x01组"]])
def test_round_texts_with_forbidden_characters(extra: list[str],
                                               capsys: pytest.CaptureFixture[str],
                                               desks: Desks) -> None:
    _refused(capsys, desks.homes[CITY], "round", "add", "--kind", "local", *extra)


def test_review_return_reasons_with_control_character(capsys: pytest.CaptureFixture[str],
                                                      desks: Desks) -> None:
    import json

    home = desks.homes[CITY]
    code, text = _run(capsys, home, "review", "list", "--json")
    assert code == 0
    item = next(i for i in json.loads(text) if i["kind"] == "closeout")
    _refused(capsys, home, "review", "return", item["id"], "--reasons", "佐证\x01不足")


@pytest.mark.parametrize("name", ["竞秀区\x01整改办", "竞秀区\u202e整改办"])
def test_init_desk_name_with_forbidden_characters(name: str,
                                                  capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    home = tmp_path / "new"
    code, text = _run(capsys, home, "init", "--role", "county", "--code", "130602",
                      "--name", name)
    assert "Traceback" not in text
    assert code == 1, text
    assert not (home / "ledger.sqlite3").exists()


def test_bad_indicator_code_is_not_called_a_unit_code(capsys: pytest.CaptureFixture[str],
                                                       desks: Desks) -> None:
    text = _refused(capsys, desks.homes[CITY], "indicator", "define", "a b", "--name", "x",
                    "--direction", "lower")
    assert "单位代码" not in text, text
