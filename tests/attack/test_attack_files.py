"""Attacks on the workbook importers' file handling (brief: attack, target 3).  Passes
while the fault is there (xfail strict); XPASSes once fixed."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import dump
from tests.packets.conftest import CITY, Desks

_LIMIT = 800 * 2**20  # address space for the child: a read of /dev/zero runs into it


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_LIMIT, _LIMIT))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_catalogue_import_of_a_device(desks: Desks) -> None:
    home = desks.homes[CITY]
    con = sqlite3.connect(home / "ledger.sqlite3")
    try:
        (round_id,) = con.execute("SELECT uuid FROM inspection_round LIMIT 1").fetchone()
    finally:
        con.close()
    before = dump(home / "ledger.sqlite3")
    code = ("import sys; from desktop.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    done = subprocess.run(
        [sys.executable, "-c", code, "--home", str(home), "catalogue", "import",
         "/dev/zero", "--round", round_id],
        capture_output=True, text=True, timeout=120, preexec_fn=_limited,
        cwd=Path(__file__).parents[2], check=False)
    assert "Traceback" not in done.stderr, done.stderr[-400:]
    assert done.returncode == 1 and "不是" in done.stderr + done.stdout
    assert dump(home / "ledger.sqlite3") == before
