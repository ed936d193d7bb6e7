"""rectdesk export / import / certificate on the command line: exit codes 0, 1, 2."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main


def run(home: Path, *args: str) -> int:
    return main(["--home", str(home), *args])


def test_export_then_dry_run_import(county_home: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "l.xlsx"
    assert run(county_home, "export", "ledger", "--format", "xlsx", "--out", str(out)) == 0
    assert out.exists()
    capsys.readouterr()
    assert run(county_home, "import", "ledger", str(out)) == 0
    text = capsys.readouterr().out
    assert "新增 0 行，修改 0 行，未变 496 行，拒绝 0 行" in text and "--apply" in text


def test_import_json_report_and_rejected_apply(county_home: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "l.xlsx"
    assert run(county_home, "export", "ledger", "--out", str(out)) == 0
    wb = openpyxl.load_workbook(out)
    wb["措施清单"]["G2"].value = "2026-02-30"  # 计划完成日期 in a county workbook
    wb.save(out)
    capsys.readouterr()
    # A dry run that finds a rejected row is "rejected": exit code 1, nothing changed.
    assert run(county_home, "import", "ledger", str(out), "--json",
               "--report", str(tmp_path / "r.xlsx")) == 1
    captured = capsys.readouterr()
    assert "台账未做任何改动" in captured.err
    data = json.loads(captured.out)
    assert data["counts"]["rejected"] == 1 and data["applied"] is False
    error = data["rows"][0]["errors"][0]
    assert "措施清单 第 2 行 “计划完成日期”：“2026-02-30”不是有效日期" in error
    report = openpyxl.load_workbook(tmp_path / "r.xlsx")["导入检查"]
    assert report["C2"].value == "拒绝"
    assert run(county_home, "import", "ledger", str(out), "--apply") == 1
    captured = capsys.readouterr()
    assert "未导入任何内容" in captured.err and "✗ 措施清单 第 2 行" in captured.out


def test_apply_good_edit(county_home: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "l.xlsx"
    run(county_home, "export", "ledger", "--out", str(out))
    wb = openpyxl.load_workbook(out)
    wb["问题清单"]["E2"].value = "改写后的问题描述"
    wb.save(out)
    capsys.readouterr()
    assert run(county_home, "import", "ledger", str(out), "--apply") == 0
    assert "已导入" in capsys.readouterr().out
    assert run(county_home, "import", "ledger", str(out)) == 0
    assert "修改 0 行" in capsys.readouterr().out


def test_refused_file_and_bad_arguments(county_home: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert run(county_home, "import", "ledger", str(bad)) == 1
    assert "文件已加密或不是 .xlsx" in capsys.readouterr().err
    assert run(county_home, "export", "ledger") == 2  # --out missing
    assert run(county_home, "export", "ledger", "--out", "x.xlsx", "--format", "doc") == 2
    assert run(county_home, "export", "ledger", "--out", str(tmp_path / "a.xlsx"),
               "--period", "2026-13") == 1
    assert run(county_home, "export", "ledger",
               "--out", str(tmp_path / "missing" / "a.xlsx")) == 1
    assert "无法写入" in capsys.readouterr().err


def test_disclosure_xlsx(county_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "公示.xlsx"
    assert run(county_home, "export", "disclosure", "--format", "xlsx", "--out", str(out)) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["整改任务公示", "信访件公示"]


@pytest.mark.parametrize(("module", "args"), [
    ("desktop.exports.monthly_report", ["export", "ledger", "--format", "pdf"]),
    ("desktop.exports.disclosure_pdf", ["export", "disclosure", "--format", "pdf"]),
])
def test_pdf_formats_call_or_explain(county_home: Path, tmp_path: Path, module: str,
                                     args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    code = run(county_home, *args, "--out", str(out))
    if importlib.util.find_spec(module) is None:
        assert code == 1 and "尚未提供" in capsys.readouterr().err
    else:
        assert code == 0 and out.exists()


def test_certificate_hook(county_home: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    code = run(county_home, "certificate", "1", "--out", str(tmp_path / "c.pdf"), "--draft")
    if importlib.util.find_spec("desktop.exports.certificate") is None:
        assert code == 1 and "销号证明功能尚未提供" in capsys.readouterr().err
    else:
        assert code in (0, 1)
    assert run(county_home, "certificate", "x", "--out", "c.pdf") == 2


def test_dry_run_speaks_the_workbook_s_words(county_home: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Changed choices and new rows are printed with the workbook's headers and labels
    (措施状态：进行中 → 已完成), in the report workbook too; never field names or codes."""
    out = tmp_path / "l.xlsx"
    assert run(county_home, "export", "ledger", "--out", str(out)) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["措施清单"]
    cols = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, cols["措施状态"]).value == "进行中")
    ws.cell(row, cols["措施状态"]).value = "计划中"
    new = ws.max_row + 1
    ws.cell(new, cols["序号"]).value = 7
    ws.cell(new, cols["措施内容"]).value = "增设巡查点"
    ws.cell(new, cols["措施状态"]).value = "计划中"
    wb.save(out)
    capsys.readouterr()
    assert run(county_home, "import", "ledger", str(out), "--report",
               str(tmp_path / "r.xlsx")) == 0
    text = capsys.readouterr().out
    assert "进行中 → 计划中" in text
    assert "措施内容：增设巡查点" in text and "措施状态：计划中" in text
    for raw in ("doing", "planned", "status=", "description"):
        assert raw not in text, raw
    report = openpyxl.load_workbook(tmp_path / "r.xlsx")["导入检查"]
    cells = {str(c.value) for r in report.iter_rows(min_row=2) for c in r if c.value}
    assert "措施内容" in cells and "计划中" in cells
    assert not cells & {"description", "status", "planned", "doing"}
