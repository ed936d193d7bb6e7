"""The frozen program (PyInstaller folder or the installed .deb), run as a clerk runs
it.  Skipped unless a build exists: ``dist/rectdesk`` after ``python
packaging/build.py``, or the folder named by RECTDESK_FROZEN (``.ci/package-smoke``
points it at the installed /opt/rectdesk)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.revisions import head_revision, stored_revision

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(os.environ.get("RECTDESK_FROZEN") or ROOT / "dist" / "rectdesk")
CLI = FOLDER / ("rectdesk-cli.exe" if sys.platform == "win32" else "rectdesk-cli")
STORED = ROOT / "tests" / "storage" / "data" / "schema-0001.sqlite3"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CLI.exists(), reason=f"no frozen build at {FOLDER}"),
]


def frozen(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, RECTDESK_CONFIG=str(home.parent / "rectdesk.ini"))
    env.pop("RECTDESK_HOME", None)
    return subprocess.run([str(CLI), "--home", str(home), *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'alembic%'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def _revision(db: Path) -> str | None:
    conn = sqlite3.connect(db)
    try:
        return stored_revision(conn)
    finally:
        conn.close()


def test_frozen_program_upgrades_an_older_ledger_after_a_backup(tmp_path: Path) -> None:
    """A newer build installed over an older one: the first writing command upgrades
    the stored older-schema ledger, keeps every record, and backs it up first."""
    home = tmp_path / "desk"
    home.mkdir()
    ledger = home / "ledger.sqlite3"
    shutil.copy(STORED, ledger)
    old_revision = _revision(ledger)
    before = _counts(ledger)

    r = frozen(home, "backup")
    assert r.returncode == 0, r.stderr
    assert _revision(ledger) == head_revision()
    after = _counts(ledger)
    assert {t: after.get(t) for t in before} == before
    if old_revision != head_revision():
        kept = home / "backups" / f"before-upgrade-from-{old_revision}.sqlite3"
        assert kept.exists()
        assert _revision(kept) == old_revision and _counts(kept) == before
    r = frozen(home, "audit", "verify")
    assert r.returncode == 0, r.stderr


def test_frozen_console_program_prints_help_without_a_subcommand(tmp_path: Path) -> None:
    r = frozen(tmp_path / "none", "--help")
    assert r.returncode == 0 and "COMMAND" in r.stdout
    r = frozen(tmp_path / "none")
    assert r.returncode == 0 and "COMMAND" in r.stdout
    assert not (tmp_path / "none").exists()  # no window, no data folder made


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fcitx is a Linux matter")
def test_frozen_window_asks_qt_for_ibus_when_the_session_wants_fcitx5(tmp_path: Path) -> None:
    """The folder has Qt's ibus plugin, not fcitx's: the launcher chooses ibus."""
    window = FOLDER / "rectdesk"
    plugins = {p.name for p in FOLDER.rglob("lib*platforminputcontextplugin*.so")}
    assert "libibusplatforminputcontextplugin.so" in plugins
    env = dict(os.environ, QT_IM_MODULE="fcitx5", RECTDESK_SHOW_IM="1",
               RECTDESK_CONFIG=str(tmp_path / "rectdesk.ini"))
    env.pop("RECTDESK_KEEP_IM", None)
    out = subprocess.run([str(window), "--version"], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    assert "input method: QT_IM_MODULE=ibus" in out.stderr, out.stderr
