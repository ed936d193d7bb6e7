"""Files on the PC: the data folder is private to the user, a killed run's temporary
files are tidied at the next open, a file at the ledger's path that is not a ledger is
refused untouched, an interrupted demo is redone, a restore of another desk's backup
is refused without --other-desk, and a passphrase must be hard to guess.  (The packet
file after a crash: tests/packets/test_packet_crash.py; evidence types:
tests/unit/test_filetypes.py; the window: tests/ui/test_files_on_pc_ui.py.)"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.fileio import atomic_write_bytes
from desktop.i18n import UserError
from desktop.services import backups, evidence
from desktop.services.desk import DeskContext, init_desk, open_desk
from tests.conftest import TODAY

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default: without our chmods every new file would be world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


# --- 1. private to the user -------------------------------------------------------------

@posix_only
def test_new_desk_files_are_private(home: Path, loose_umask: None, tmp_path: Path) -> None:
    with init_desk(home, "county", "130602", "竞秀区整改办") as ctx:
        with ctx.store.write() as s:
            evidence.add_bytes(s, ctx.paths, ctx.code, "照片.png", b"\x89PNG\r\n\x1a\nxx")
        backup = backups.make_backup(ctx)
        db = ctx.paths.database
        assert mode(home) == 0o700
        assert mode(db) == 0o600
        assert mode(Path(f"{db}-wal")) == 0o600 and mode(Path(f"{db}-shm")) == 0o600
        assert mode(ctx.paths.backups) == 0o700 and mode(backup) == 0o600
        stored = next(p for p in ctx.paths.evidence.rglob("*") if p.is_file())
        assert mode(ctx.paths.evidence) == 0o700 and mode(stored.parent) == 0o700
        assert mode(stored) == 0o600
    # Exports and packets go through the same atomic writer.
    out = tmp_path / "export.xlsx"
    atomic_write_bytes(out, b"data")
    assert mode(out) == 0o600


@posix_only
def test_key_folder_is_private(home: Path, loose_umask: None,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services import keys

    monkeypatch.setattr(keys, "scrypt_n", 2**10)
    with init_desk(home, "county", "130602", "竞秀区整改办") as ctx:
        keys.create(ctx, "lanse-yueliang-shuiniu-77")
        assert mode(ctx.paths.keys) == 0o700
        assert {mode(p) for p in ctx.paths.keys.iterdir()} == {0o600}


@posix_only
def test_an_open_tightens_a_loose_data_folder(county_home: Path) -> None:
    db = county_home / "ledger.sqlite3"
    (county_home / "backups").mkdir(exist_ok=True)
    old_backup = county_home / "backups" / "ledger-20260101-000000.sqlite3"
    old_backup.write_bytes(db.read_bytes())
    for folder in (county_home, county_home / "backups", county_home / "evidence",
                   *(county_home / "evidence").iterdir()):
        folder.chmod(0o755)
    db.chmod(0o644)
    old_backup.chmod(0o644)
    with open_desk(county_home, lock=True):
        assert mode(county_home) == 0o700
        assert mode(db) == 0o600 and mode(Path(f"{db}-wal")) == 0o600
        assert mode(county_home / "backups") == 0o700 and mode(old_backup) == 0o600
        assert mode(county_home / "evidence") == 0o700
        assert {mode(p) for p in (county_home / "evidence").iterdir()} == {0o700}


# --- 2. a killed run's temporary files ---------------------------------------------------

def test_leftover_temporary_files_are_removed_at_open(county_home: Path) -> None:
    part = county_home / "backups" / "ledger-20261128-101010.sqlite3.part"
    part.parent.mkdir(exist_ok=True)
    part.write_bytes(b"half a backup")
    sub = next(p for p in (county_home / "evidence").iterdir() if p.is_dir())
    tmp = sub / f".{'ab' * 32}.k2j3h4.tmp"
    tmp.write_bytes(b"half a photo")
    others = [county_home / "backups" / "notes.txt", sub / "other.tmp",
              county_home / "mine.sqlite3.part", county_home / f".{'ab' * 32}.x.tmp"]
    for other in others:
        other.write_bytes(b"not ours")
    with open_desk(county_home, lock=False):  # a reader does not tidy
        assert part.exists() and tmp.exists()
    with open_desk(county_home, lock=True):
        assert not part.exists() and not tmp.exists()
    assert all(other.read_bytes() == b"not ours" for other in others)


# --- 4. an empty or foreign file at the ledger's path ------------------------------------

def _foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a TEXT)")
    conn.execute("INSERT INTO x VALUES ('someone else''s data')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["empty", "foreign", "not_sqlite"])
def test_a_file_that_is_not_a_ledger_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], home: Path, kind: str
) -> None:
    home.mkdir()
    db = home / "ledger.sqlite3"
    if kind == "empty":
        db.write_bytes(b"")
    elif kind == "foreign":
        _foreign_db(db)
    else:
        db.write_bytes(b"just some text, not a database\n" * 10)
    before = db.read_bytes()
    with pytest.raises(UserError, match=r"不是整改台账的数据文件.*未做任何改动"):
        open_desk(home, lock=True)
    assert db.read_bytes() == before
    for argv in (["status"], ["backup"], ["tasks", "list"],
                 ["init", "--role", "county", "--code", "130602", "--name", "竞秀区整改办"],
                 ["demo"]):
        code, _, err = run(capsys, "--home", str(home), *argv)
        assert code == 1, argv
        assert "不是整改台账的数据文件" in err and "未做任何改动" in err, (argv, err)
        assert "Traceback" not in err
        assert db.read_bytes() == before, argv
    assert sorted(p.name for p in home.iterdir() if p.name != "rectdesk.lock") == [
        "ledger.sqlite3"]


# --- 3. a backup of another desk -----------------------------------------------------------

def _other_desks_backup(tmp_path: Path, role: str, code: str, name: str) -> Path:
    with init_desk(tmp_path / f"other-{code}", role, code, name) as other:
        return backups.make_backup(other)


@pytest.mark.parametrize(("role", "code", "name"), [
    ("county", "130603", "满城区整改办"),  # another county
    ("city", "130602", "竞秀区整改办"),  # same code, other role
])
def test_restore_refuses_another_desks_backup(
    capsys: pytest.CaptureFixture[str], county_home: Path, tmp_path: Path,
    role: str, code: str, name: str,
) -> None:
    backup = _other_desks_backup(tmp_path, role, code, name)
    db = county_home / "ledger.sqlite3"
    before = db.read_bytes()
    rc, _, err = run(capsys, "--home", str(county_home), "restore", str(backup))
    assert rc == 1
    assert "属于另一个台账" in err and "未做任何改动" in err and "--other-desk" in err
    assert "130602" in err and code in err and name in err  # from what, to what
    assert db.read_bytes() == before
    assert not list((county_home / "backups").glob("before-restore-*"))

    rc, out, _ = run(capsys, "--home", str(county_home), "restore", str(backup),
                     "--other-desk")
    assert rc == 0 and "已从" in out
    with open_desk(county_home, lock=False) as ctx:
        assert (ctx.code, ctx.role) == (code, role)


def test_restore_of_the_desks_own_backup_needs_no_option(
    capsys: pytest.CaptureFixture[str], county_home: Path
) -> None:
    with open_desk(county_home, lock=True) as ctx:
        own = backups.make_backup(ctx)
    rc, out, _ = run(capsys, "--home", str(county_home), "restore", str(own))
    assert rc == 0 and "已从" in out


# --- 5. an interrupted demo ----------------------------------------------------------------

class Killed(BaseException):
    """Stands in for the process being killed: nothing after it runs, not even cleanup
    that only an exception handler would do (so the test skips those handlers)."""


def test_an_interrupted_demo_is_redone(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import demo

    def killed(*_a: object, **_k: object) -> None:
        raise Killed

    # Half way: the desk row committed, evidence files written, then the process dies
    # (its exception handlers never run: removing them is what a kill does).
    real_county = demo._Replay.county
    monkeypatch.setattr(demo, "_remove_made", lambda _p: None)
    monkeypatch.setattr(demo.desk_service, "remove_new_database", lambda _p: None)
    monkeypatch.setattr(demo.shutil, "rmtree", lambda *_a, **_k: None)

    def half(self: object, code: str, **kw: bool) -> None:
        real_county(self, code, **kw)  # type: ignore[arg-type]
        self.session.commit()  # type: ignore[attr-defined]
        killed()

    monkeypatch.setattr(demo._Replay, "county", half)
    with pytest.raises(Killed):
        demo.build_demo(home, "county", None, TODAY)
    monkeypatch.undo()
    assert (home / "demo.incomplete").exists() and (home / "evidence").exists()

    # The half-built folder is not shown as a desk...
    rc, _, err = run(capsys, "--home", str(home), "status")
    assert rc == 1 and "演示台账没有建完" in err and "rectdesk demo" in err
    with pytest.raises(UserError, match="演示台账没有建完"):
        open_desk(home, lock=True)
    # ...and demo builds it again, whole.
    rc, out, _ = run(capsys, "--home", str(home), "demo")
    assert rc == 0 and "55 项任务" in out
    assert not (home / "demo.incomplete").exists()
    rc, out, _ = run(capsys, "--home", str(home), "status", "--json")
    assert rc == 0 and '"tasks_total": 55' in out


def test_a_finished_demo_is_not_rebuilt(capsys: pytest.CaptureFixture[str],
                                        county_home: Path) -> None:
    before = (county_home / "ledger.sqlite3").read_bytes()
    rc, _, err = run(capsys, "--home", str(county_home), "demo")
    assert rc == 1 and "已经有台账" in err
    assert (county_home / "ledger.sqlite3").read_bytes() == before


# --- 8. passphrase strength ----------------------------------------------------------------

STRONG = "lanse-yueliang-shuiniu-77"


@pytest.fixture
def fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services import keys

    monkeypatch.setattr(keys, "scrypt_n", 2**10)


@pytest.mark.parametrize("weak", ["12345678", "password1", "qwertyuiop", "20261204",
                                  "13912345678", "竞秀区整改办2026", "130602130602"])
def test_weak_passphrases_are_refused_with_advice(home: Path, fast_keys: None,
                                                  weak: str) -> None:
    from desktop.services import keys

    with init_desk(home, "county", "130602", "竞秀区整改办") as ctx:
        with pytest.raises(UserError, match="口令太容易被猜中") as refused:
            keys.create(ctx, weak)
        assert "日期" in str(refused.value) and "单位名称" in str(refused.value)
        assert not keys.exists(ctx)


def test_the_demo_passphrase_is_refused_outside_demo_desks(home: Path,
                                                           fast_keys: None) -> None:
    from desktop.services import keys

    with init_desk(home, "county", "130602", "竞秀区整改办") as ctx:
        for demo_one in ("rectdesk-demo", " RectDesk-Demo "):
            with pytest.raises(UserError, match="公开的演示口令"):
                keys.create(ctx, demo_one)
        assert not keys.exists(ctx)
        keys.create(ctx, STRONG)
        assert keys.exists(ctx)
        with pytest.raises(UserError, match="公开的演示口令"):
            keys.change_passphrase(ctx, STRONG, "rectdesk-demo")
        with pytest.raises(UserError, match="口令太容易被猜中"):
            keys.change_passphrase(ctx, STRONG, "12345678")
        keys.change_passphrase(ctx, STRONG, "另一个更长的口令 battery")


def test_a_demo_desk_keeps_its_demo_passphrase(county_demo: DeskContext,
                                               fast_keys: None) -> None:
    from desktop.services import keys

    assert county_demo.demo
    keys.change_passphrase(county_demo, "rectdesk-demo", STRONG)
    keys.change_passphrase(county_demo, STRONG, "rectdesk-demo")  # allowed on a demo desk
    keys.load(county_demo, "rectdesk-demo")


def test_key_create_on_the_command_line_refuses_a_weak_passphrase(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, fast_keys: None
) -> None:
    assert run(capsys, "--home", str(home), "init", "--role", "county", "--code", "130602",
               "--name", "竞秀区整改办")[0] == 0
    weak = tmp_path / "weak.txt"
    weak.write_text("12345678\n", "utf-8")
    before = (home / "ledger.sqlite3").read_bytes()
    rc, _, err = run(capsys, "--home", str(home), "key", "create", "--passphrase-file",
                     str(weak))
    assert rc == 1 and "口令太容易被猜中" in err
    assert not (home / "keys" / "identity.key").exists()
    assert (home / "ledger.sqlite3").read_bytes() == before
