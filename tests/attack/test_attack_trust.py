"""Attacks on enrolment (brief: attack, targets 2 and 4): a desk made with
``rectdesk init`` under a code that is none of the city's units.  Passes while the fault
is there (xfail strict); XPASSes once fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import keys
from desktop.services.desk import init_desk
from tests.helpers import dump
from tests.packets.conftest import CITY, Desks


def test_enrolling_a_desk_that_is_not_a_unit(capsys: pytest.CaptureFixture[str],
                                             desks: Desks, tmp_path: Path) -> None:
    stranger = init_desk(tmp_path / "stranger", "county", "999999", "不存在县")
    try:
        keys.create(stranger, "attack-pass-2026", check_strength=False)
        keys.export(stranger, tmp_path / "enrol")
        fingerprint = keys.public_info(stranger)["fingerprint"]
    finally:
        stranger.close()
    home = desks.homes[CITY]
    before = dump(home / "ledger.sqlite3")
    code = main(["--home", str(home), "--today", "2026-11-29", "trust", "add",
                 str(tmp_path / "enrol" / "999999.enrol.json"), "--fingerprint", fingerprint])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert dump(home / "ledger.sqlite3") == before
