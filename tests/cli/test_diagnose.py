"""rectdesk diagnose: versions, settings, schema, integrity and audit checks and the
log, and none of the ledger's personal data."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Petition
from db.revisions import head_revision
from desktop import logs
from desktop.cli import main, main_cli
from desktop.services.desk import open_desk

NAME, PHONE, ID_NUMBER = "赵某某", "13912345678", "130602199001011234"


def _private(home: Path) -> list[str]:
    with open_desk(home, lock=False) as ctx, ctx.store.read() as s:
        return [v for p in s.scalars(select(Petition))
                for v in (p.complainant_name, p.complainant_phone, p.complainant_id) if v]


def test_diagnose_has_the_facts_and_no_personal_data(county_home: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with open_desk(county_home) as ctx, ctx.store.write() as s:
        s.add(Petition(case_no="BD-DIAG-1", unit_code=ctx.code, category="噪声",
                       location="某小区", content="夜间施工噪声", complainant_name=NAME,
                       complainant_phone=PHONE, complainant_id=ID_NUMBER, owner=ctx.code))
    private = _private(county_home)
    assert len(private) >= 6 and NAME in private
    # An error message that quoted a complainant, as a log might hold one.
    logs.install(county_home)
    try:
        logs.log.error("refused: %s（电话 %s）already exists", NAME, PHONE)
    finally:
        logs.uninstall()
    ledger = (county_home / "ledger.sqlite3").read_bytes()

    out = tmp_path / "诊断.zip"
    assert main(["--home", str(county_home), "diagnose", "--out", str(out)]) == 0
    assert "诊断包已写入" in capsys.readouterr().out
    assert (county_home / "ledger.sqlite3").read_bytes() == ledger  # nothing changed

    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        texts = {n: z.read(n).decode("utf-8") for n in names}
    assert "report.json" in names and "logs/rectdesk.log" in names
    assert not [n for n in names if n.endswith((".sqlite3", ".key", ".json.enc"))
                or "evidence/" in n]
    for value in private:
        for name, text in texts.items():
            assert value not in text, (value, name)
    assert "already exists" in texts["logs/rectdesk.log"]  # the line stays, blanked

    report = json.loads(texts["report.json"])
    assert report["versions"]["program"]
    assert report["versions"]["sqlite"] and "SQLAlchemy" in report["versions"]["libraries"]
    has_qt = importlib.util.find_spec("PySide6") is not None  # not in CI's Qt-free run
    assert bool(report["versions"]["qt (PySide6)"]) == has_qt
    db = report["database"]
    assert db["schema"] == {"stored": head_revision(), "program": head_revision()}
    assert db["integrity_check"] == ["ok"]
    assert db["settings"] is not None and db["desk"]["code"] == "130602"
    assert db["row_counts"]["petition"] >= 4
    assert report["audit_chain"]["checked"] and report["audit_chain"]["ok"]
    assert report["folder"]["network_share"] is None


def test_diagnose_of_a_damaged_or_missing_ledger_still_reports(tmp_path: Path) -> None:
    home = tmp_path / "desk"
    home.mkdir()
    (home / "ledger.sqlite3").write_bytes(b"not a database at all" * 100)
    out = tmp_path / "d.zip"
    assert main(["--home", str(home), "diagnose", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        report = json.loads(z.read("report.json"))
    assert "error" in report["database"]
    assert main(["--home", str(tmp_path / "none"), "diagnose", "--out", str(out)]) == 0


def test_diagnose_wants_a_zip_name(county_home: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(county_home), "diagnose", "--out", str(tmp_path / "x.txt")]) == 1
    assert ".zip" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()


def test_console_program_prints_help_instead_of_the_window(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_cli(["--home", str(tmp_path / "h")]) == 0
    assert "COMMAND" in capsys.readouterr().out
    assert not (tmp_path / "h").exists()
    assert main_cli(["--home", str(tmp_path / "h"), "demo"]) == 0
    assert (tmp_path / "h" / "ledger.sqlite3").exists()
