"""The command line contract: names, JSON shapes, exit codes, messages, and that a
rejected command leaves stored data exactly as it was."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from tests.helpers import dump


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_status_and_tasks(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(capsys, "--home", str(home), "demo")
    assert code == 0 and "55 项任务" in out
    code, out, _ = run(capsys, "--home", str(home), "status", "--json")
    data = json.loads(out)
    assert code == 0 and data["tasks_total"] == 55
    assert set(data["by_light"]) == {"red", "yellow", "green", "none"}
    assert all(data["by_light"][k] > 0 for k in ("red", "yellow", "green"))
    assert sum(data["by_status"].values()) == 55
    code, out, _ = run(capsys, "--home", str(home), "tasks", "list", "--json", "--light", "red")
    rows = json.loads(out)
    assert code == 0 and len(rows) == data["by_light"]["red"]
    assert {"uuid", "number", "title", "status", "light", "deadline", "owner"} <= set(rows[0])
    assert all(r["light"] == "red" for r in rows)
    code, out, _ = run(capsys, "--home", str(home), "tasks", "list", "--status", "closed_out")
    assert code == 0 and "已销号" in out


def test_audit_verify_detects_sqlite_shell_edit(
    capsys: pytest.CaptureFixture[str], county_home: Path
) -> None:
    assert run(capsys, "--home", str(county_home), "audit", "verify")[0] == 0
    conn = sqlite3.connect(county_home / "ledger.sqlite3")
    conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 5")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--home", str(county_home), "audit", "verify")
    assert code == 1 and "审计日志已被篡改：第 5 条被改动" in err


def test_english_locale(
    capsys: pytest.CaptureFixture[str], county_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECTDESK_LANG", "en")
    code, out, _ = run(capsys, "--home", str(county_home), "status")
    assert code == 0 and "Tasks: 55" in out


def test_init_then_refuse_second_init(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    assert (
        run(
            capsys,
            "--home",
            str(home),
            "init",
            "--role",
            "city",
            "--code",
            "130600",
            "--name",
            "保定市整改办",
        )[0]
        == 0
    )
    before = dump(home / "ledger.sqlite3")
    code, _, err = run(
        capsys, "--home", str(home), "init", "--role", "county", "--code", "130602", "--name", "x"
    )
    assert code == 1 and "已经有台账" in err
    assert dump(home / "ledger.sqlite3") == before
    code, _, err = run(capsys, "--home", str(home), "demo")
    assert code == 1 and dump(home / "ledger.sqlite3") == before


@pytest.mark.parametrize(
    ("argv", "expected_code", "message"),
    [
        (["init", "--role", "province", "--code", "1", "--name", "x"], 2, "用法错误"),
        (["init", "--role", "county", "--code", "bad code", "--name", "x"], 1, "单位代码"),
        (["init", "--role", "county", "--code", "130602", "--name", " "], 1, "名称不能为空"),
        (["--today", "2026-02-30", "status"], 2, "日期"),
        (["demo", "--code", "999999"], 1, "没有代码为"),
        (["tasks", "list", "--light", "blue"], 2, "用法错误"),
        (["frobnicate"], 2, "用法错误"),
    ],
)
def test_bad_input_exit_codes(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    argv: list[str],
    expected_code: int,
    message: str,
) -> None:
    code, _, err = run(capsys, "--home", str(home), *argv)
    assert code == expected_code
    assert message in err
    assert "Traceback" not in err
    assert not (home / "ledger.sqlite3").exists()


def test_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--home", str(tmp_path / "nowhere"), "status")
    assert code == 1 and "不存在" in err
    assert not (tmp_path / "nowhere").exists()


def test_folder_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "afile"
    f.write_text("x")
    code, _, err = run(
        capsys, "--home", str(f), "init", "--role", "county", "--code", "130602", "--name", "x"
    )
    assert code == 1 and "不是文件夹" in err
    assert f.read_text() == "x"


def test_unwritable_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/rectdesk-test")  # even root cannot make folders in /proc
    else:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        target = ro / "desk"
    code, _, err = run(
        capsys, "--home", str(target), "init", "--role", "county", "--code", "130602", "--name", "x"
    )
    assert code == 1 and "无法建立数据文件夹" in err


def test_corrupt_database(capsys: pytest.CaptureFixture[str], county_home: Path) -> None:
    db = county_home / "ledger.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    before = db.read_bytes()
    for argv in (["status"], ["backup"], ["audit", "verify"]):
        code, _, err = run(capsys, "--home", str(county_home), *argv)
        assert code == 1 and "已损坏" in err, argv
        assert "Traceback" not in err
    assert db.read_bytes() == before


def test_newer_database_via_cli(capsys: pytest.CaptureFixture[str], county_home: Path) -> None:
    db = county_home / "ledger.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    before = dump(db)
    code, _, err = run(capsys, "--home", str(county_home), "backup")
    assert code == 1 and "更新版本" in err
    assert dump(db) == before


def test_settings_roundtrip_and_rejects(
    capsys: pytest.CaptureFixture[str], county_home: Path
) -> None:
    code, out, _ = run(
        capsys,
        "--home",
        str(county_home),
        "settings",
        "--set",
        "warning_window_days",
        "45",
        "--json",
    )
    assert code == 0 and json.loads(out)["warning_window_days"] == 45
    before = dump(county_home / "ledger.sqlite3")
    code, _, err = run(
        capsys, "--home", str(county_home), "settings", "--set", "report_due_day", "40"
    )
    assert code == 1 and "1到28" in err
    assert dump(county_home / "ledger.sqlite3") == before


def test_restore_via_cli(
    capsys: pytest.CaptureFixture[str], county_home: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--home", str(county_home), "backup")
    assert code == 0
    backup = Path(out.split("：", 1)[1].strip())
    code, out, _ = run(capsys, "--home", str(county_home), "restore", str(backup))
    assert code == 0 and "已从" in out
    code, _, err = run(
        capsys, "--home", str(county_home), "restore", str(tmp_path / "none.sqlite3")
    )
    assert code == 1 and "找不到备份文件" in err


def test_console_entry_point_and_module(tmp_path: Path) -> None:
    """`python -m desktop` is the same program as the `rectdesk` script."""
    r = subprocess.run(
        [sys.executable, "-m", "desktop", "--home", str(tmp_path / "none"), "status"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "不存在" in r.stderr
    r = subprocess.run([sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "demo" in r.stdout


@pytest.mark.parametrize("command", [["status", "--json"], ["tasks", "list", "--json"],
                                     ["tasks", "list", "--status", "closed_out"]])
def test_reading_at_a_look_and_through_the_data_layer_agree(
        capsys: pytest.CaptureFixture[str], county_home: Path, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    from desktop.services import desk_peek

    argv = ["--home", str(county_home), "--today", "2026-11-29", *command]
    code, at_a_look, _ = run(capsys, *argv)
    assert code == 0
    monkeypatch.setattr(desk_peek, "peek", lambda _paths: None)  # as for an older schema
    code, through_layer, _ = run(capsys, *argv)
    assert code == 0 and through_layer == at_a_look and at_a_look.strip()


def test_settings_list_names_meanings_and_values(
    capsys: pytest.CaptureFixture[str], county_home: Path
) -> None:
    code, out, _ = run(capsys, "--home", str(county_home), "settings")
    assert code == 0
    for name in ("warning_window_days", "report_due_day", "revisit_months", "language",
                 "backup_keep"):
        assert f"{name} = " in out
    assert "亮黄灯" in out and "可选值：1 到 28 的整数" in out and "zh（中文）或 en（英文）" in out
    before = dump(county_home / "ledger.sqlite3")
    code, _, err = run(capsys, "--home", str(county_home), "settings", "--set", "colour", "1")
    assert code == 1 and "可以设置：warning_window_days" in err
    assert dump(county_home / "ledger.sqlite3") == before


def test_tasks_list_status_by_chinese_label(
    capsys: pytest.CaptureFixture[str], county_home: Path
) -> None:
    code, by_label, _ = run(capsys, "--home", str(county_home), "tasks", "list",
                            "--status", "整改中")
    code2, by_code, _ = run(capsys, "--home", str(county_home), "tasks", "list",
                            "--status", "in_progress")
    assert code == code2 == 0 and by_label == by_code and "整改中" in by_label
    code, _, _ = run(capsys, "--home", str(county_home), "tasks", "list", "--status", "做完了")
    assert code == 2


def test_english_status_counts_one_day(
    capsys: pytest.CaptureFixture[str], county_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECTDESK_LANG", "en")
    monkeypatch.setenv("RECTDESK_TODAY", "2026-12-04")
    code, out, _ = run(capsys, "--home", str(county_home), "status")
    assert code == 0 and "(1 day)" in out and "1 days" not in out
