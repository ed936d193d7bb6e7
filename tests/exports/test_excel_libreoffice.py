"""LibreOffice, an independent reader, opens the workbook; its re-saved copy (shared
strings, its own styles) still imports as unchanged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from excel_helpers import dump

from desktop.exports.excel_import import plan_import
from desktop.exports.excel_ledger import export_ledger
from desktop.services.desk import DeskContext
from tests.conftest import require_tool

pytestmark = pytest.mark.tools


def _soffice(*args: str, cwd: Path) -> None:
    exe = require_tool("soffice")
    profile = cwd / "lo-profile"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", *args],
                   cwd=cwd, check=True, timeout=180, capture_output=True)


def test_libreoffice_opens_and_resaves(county_demo: DeskContext, tmp_path: Path) -> None:
    src = tmp_path / "ledger.xlsx"
    export_ledger(county_demo, src, "2026-10")
    _soffice("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
             "false,false,false,-1", "ledger.xlsx", cwd=tmp_path)
    summary = (tmp_path / "ledger-台账.csv").read_text("utf-8")
    assert summary.startswith("序号,督察轮次,单位,任务名称")
    assert "生态环境保护政治责任落实不够到位" in summary
    assert (tmp_path / "ledger-措施清单.csv").read_text("utf-8").count("\n") >= 100
    _soffice("--convert-to", "pdf", "ledger.xlsx", cwd=tmp_path)
    assert (tmp_path / "ledger.pdf").read_bytes().startswith(b"%PDF")
    (tmp_path / "lo").mkdir()
    _soffice("--convert-to", "xlsx", "--outdir", "lo", "ledger.xlsx", cwd=tmp_path)
    before = dump(county_demo)
    plan = plan_import(county_demo, tmp_path / "lo" / "ledger.xlsx")
    assert plan.ok and plan.counts()["changed"] == plan.counts()["new"] == 0
    assert dump(county_demo) == before
