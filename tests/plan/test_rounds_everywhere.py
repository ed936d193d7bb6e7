"""Two inspection rounds side by side, each with a task 1 (issue 11, point 1): every
document names the right round, filters by round give the right rows, a bare task
number is refused rather than guessed, and the Excel ledger goes round unchanged."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main
from tests.conftest import require_tool
from tests.helpers import dump
from tests.plan import two_rounds
from tests.plan.two_rounds import CENTRAL, PROVINCIAL

CENTRAL_TITLE = f"{CENTRAL}（中央督察）"
PROVINCIAL_TITLE = f"{PROVINCIAL}（省级督察）"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("two-rounds")


@pytest.fixture
def desks(template: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    return two_rounds.copy(template, tmp_path)


def run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return "".join(text.split())  # table cells wrap: compare without white space


# ---------------------------------------------------------------- the number lookup


@pytest.mark.parametrize("argv", [
    ("selfcheck", "1", "--opinion", "已自查"),
    ("closeout", "request", "1"),
    ("extension", "request", "1", "--until", "2027-12-31", "--reason", "冬季不能施工"),
    ("progress", "set", "1", "--period", "2026-11", "--percent", "30", "--text", "推进"),
    ("certificate", "1", "--draft", "--out", "cert.pdf"),
    ("export", "notice", "1", "--out", "notice.pdf"),
])
def test_a_bare_number_is_refused_naming_the_rounds(
        capsys: pytest.CaptureFixture[str], desks: tuple[Path, Path, dict[str, str]],
        argv: tuple[str, ...], tmp_path: Path) -> None:
    _city, county, ids = desks
    before = dump(county / "ledger.sqlite3")
    argv = tuple(str(tmp_path / a) if a.endswith(".pdf") else a for a in argv)
    code, _out, err = run(capsys, county, *argv)
    assert code == 1
    assert "--round" in err and CENTRAL_TITLE in err and PROVINCIAL_TITLE in err
    assert ids["central"][:8] in err and ids["provincial"][:8] in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))
    assert dump(county / "ledger.sqlite3") == before  # nothing written


def test_with_round_the_right_task_is_found(capsys: pytest.CaptureFixture[str],
                                           desks: tuple[Path, Path, dict[str, str]]) -> None:
    _city, county, ids = desks

    def statuses() -> dict[str, str]:
        code, out, _ = run(capsys, county, "tasks", "list", "--json")
        assert code == 0
        return {f"{t['round_name']}#{t['number']}": t["status"] for t in json.loads(out)}

    before = statuses()
    # By name, and by the first 8 characters of the id.
    assert run(capsys, county, "selfcheck", "1", "--opinion", "已自查",
               "--round", PROVINCIAL)[0] == 0
    after = statuses()
    assert after[f"{PROVINCIAL}#1"] != before[f"{PROVINCIAL}#1"]
    assert after[f"{CENTRAL}#1"] == before[f"{CENTRAL}#1"]
    code, _, _ = run(capsys, county, "extension", "request", "1", "--until", "2027-12-31",
                     "--reason", "冬季不能施工", "--round", ids["central"][:8])
    assert code == 0
    # The central round's task 1 has its request now: a second one is refused.
    code, _, err = run(capsys, county, "extension", "request", "1", "--until", "2027-12-31",
                       "--reason", "再申请", "--round", ids["central"][:8])
    assert code == 1 and "待市级审核" in err
    code, _, err = run(capsys, county, "extension", "request", "1", "--until", "2027-12-31",
                       "--reason", "省级任务", "--round", PROVINCIAL)
    assert code == 0, err
    # An unknown round is a clear refusal.
    code, _, err = run(capsys, county, "selfcheck", "1", "--opinion", "x", "--round", "第九轮")
    assert code == 1 and "找不到督察轮次“第九轮”" in err


def test_city_desk_needs_unit_and_round(capsys: pytest.CaptureFixture[str],
                                        desks: tuple[Path, Path, dict[str, str]],
                                        tmp_path: Path) -> None:
    city, _county, _ids = desks
    out = tmp_path / "c.pdf"
    code, _, err = run(capsys, city, "certificate", "1", "--draft", "--out", str(out),
                       "--unit", "130602")
    assert code == 1 and PROVINCIAL_TITLE in err
    code, _, err = run(capsys, city, "certificate", "1", "--draft", "--out", str(out),
                       "--round", CENTRAL)
    assert code == 1 and "--unit" in err  # both units hold the central task 1
    code, _, err = run(capsys, city, "certificate", "1", "--draft", "--out", str(out),
                       "--round", CENTRAL, "--unit", "130602")
    assert code == 0, err
    text = pdf_text(out)
    assert CENTRAL_TITLE in text and "中央一号燃煤锅炉整治" in text
    assert PROVINCIAL not in text


# ---------------------------------------------------------------- filters


def test_tasks_list_and_status_filter_by_round(capsys: pytest.CaptureFixture[str],
                                              desks: tuple[Path, Path, dict[str, str]]) -> None:
    _city, county, ids = desks
    code, out, _ = run(capsys, county, "tasks", "list", "--json")
    rows = json.loads(out)
    assert [(r["round_name"], r["number"]) for r in rows] == [
        (CENTRAL, 1), (CENTRAL, 2), (PROVINCIAL, 1)]  # the central round was fed back first
    assert {r["round_id"] for r in rows} == set(ids.values())
    code, out, _ = run(capsys, county, "tasks", "list", "--round", ids["provincial"], "--json")
    assert [(r["round_name"], r["title"]) for r in json.loads(out)] == [
        (PROVINCIAL, "省级一号河道清理")]
    code, out, _ = run(capsys, county, "tasks", "list", "--round", CENTRAL)
    assert code == 0 and out.count("\n") == 2 and "中央二号" in out and "省级" not in out
    code, out, _ = run(capsys, county, "tasks", "list")
    assert all((CENTRAL_TITLE in line) or (PROVINCIAL_TITLE in line)
               for line in out.splitlines())  # with several rounds, each row says which
    code, out, _ = run(capsys, county, "status", "--round", ids["central"][:8], "--json")
    data = json.loads(out)
    assert data["tasks_total"] == 2 and data["round"]["name"] == CENTRAL
    code, out, _ = run(capsys, county, "status")
    assert f"{CENTRAL_TITLE} 2" in out and f"{PROVINCIAL_TITLE} 1" in out
    code, _, err = run(capsys, county, "tasks", "list", "--round", "没有这一轮")
    assert code == 1 and "找不到督察轮次" in err


# ---------------------------------------------------------------- documents


@pytest.mark.tools
def test_monthly_report_names_each_round(capsys: pytest.CaptureFixture[str],
                                         desks: tuple[Path, Path, dict[str, str]],
                                         tmp_path: Path) -> None:
    city, _county, ids = desks
    both, one = tmp_path / "both.pdf", tmp_path / "one.pdf"
    assert run(capsys, city, "export", "ledger", "--format", "pdf", "--out", str(both))[0] == 0
    text = pdf_text(both)
    assert f"督察轮次：{CENTRAL_TITLE}；{PROVINCIAL_TITLE}" in text
    # One table per round, in feedback order, each headed by its round.
    first, second = text.index(f"（一）{CENTRAL_TITLE}"), text.index(f"（二）{PROVINCIAL_TITLE}")
    assert first < text.index("中央二号工业园区治理") < second < text.index("省级一号河道清理")
    assert run(capsys, city, "export", "ledger", "--format", "pdf", "--out", str(one),
               "--round", ids["provincial"])[0] == 0
    text = pdf_text(one)
    assert f"督察轮次：{PROVINCIAL_TITLE}" in text and "省级一号河道清理" in text
    assert CENTRAL not in text and "中央一号" not in text


@pytest.mark.tools
def test_disclosure_names_the_round(capsys: pytest.CaptureFixture[str],
                                    desks: tuple[Path, Path, dict[str, str]],
                                    tmp_path: Path) -> None:
    city, _county, _ids = desks
    pdf, xlsx = tmp_path / "d.pdf", tmp_path / "d.xlsx"
    assert run(capsys, city, "export", "disclosure", "--format", "pdf", "--out", str(pdf))[0] == 0
    text = pdf_text(pdf)
    assert f"（一）{CENTRAL_TITLE}（4项）" in text and f"（二）{PROVINCIAL_TITLE}（2项）" in text
    assert run(capsys, city, "export", "disclosure", "--out", str(xlsx))[0] == 0
    ws = openpyxl.load_workbook(xlsx)["整改任务公示"]
    assert [c.value for c in ws[1]][:3] == ["序号", "督察轮次", "单位"]
    rows = [(r[0], r[1], r[3]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert (1, PROVINCIAL_TITLE, "省级一号河道清理") in rows
    assert (1, CENTRAL_TITLE, "中央一号燃煤锅炉整治") in rows
    assert run(capsys, city, "export", "disclosure", "--out", str(xlsx),
               "--round", PROVINCIAL)[0] == 0
    ws = openpyxl.load_workbook(xlsx)["整改任务公示"]
    assert {r[1] for r in ws.iter_rows(min_row=2, values_only=True)} == {PROVINCIAL_TITLE}
    assert PROVINCIAL_TITLE in ws.oddHeader.center.text  # the printed title names it


def test_excel_ledger_round_trip_and_new_rows_by_round(
        capsys: pytest.CaptureFixture[str], desks: tuple[Path, Path, dict[str, str]],
        tmp_path: Path) -> None:
    _city, county, _ids = desks
    book = tmp_path / "台账.xlsx"
    assert run(capsys, county, "export", "ledger", "--out", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    summary = wb["台账"]
    assert [c.value for c in summary[1]][:3] == ["序号", "督察轮次", "单位"]
    assert [(r[0], r[1]) for r in summary.iter_rows(min_row=2, values_only=True)] == [
        (1, CENTRAL_TITLE), (2, CENTRAL_TITLE), (1, PROVINCIAL_TITLE)]
    measures = wb["措施清单"]
    header = [c.value for c in measures[1]]
    assert header[2:4] == ["序号", "督察轮次"]
    # Unchanged, the workbook imports as unchanged.
    before = dump(county / "ledger.sqlite3")
    code, out, _ = run(capsys, county, "import", "ledger", str(book), "--json")
    plan = json.loads(out)
    assert code == 0 and plan["rows"] == [] and plan["counts"]["unchanged"] == 15
    assert run(capsys, county, "import", "ledger", str(book), "--apply")[0] == 0
    assert dump(county / "ledger.sqlite3") == before
    # A row added in Excel with 序号 + 督察轮次 lands on that round's task; with the
    # number alone it is refused, naming the rounds.
    col = {h: i + 1 for i, h in enumerate(header)}
    for r, (rnd, text) in enumerate([(PROVINCIAL_TITLE, "省级新增措施"), (None, "无轮次措施")],
                                    start=measures.max_row + 1):
        measures.cell(r, col["序号"], 1)
        if rnd:
            measures.cell(r, col["督察轮次"], rnd)
        measures.cell(r, col["措施内容"], text)
        measures.cell(r, col["措施状态"], "计划中")
    wb.save(book)
    code, out, _ = run(capsys, county, "import", "ledger", str(book), "--json")
    plan = json.loads(out)
    assert code == 1
    rejected = [r for r in plan["rows"] if r["kind"] == "rejected"]
    assert len(rejected) == 1 and "督察轮次" in json.dumps(rejected, ensure_ascii=False)
    assert dump(county / "ledger.sqlite3") == before
    measures.delete_rows(measures.max_row)
    wb.save(book)
    assert run(capsys, county, "import", "ledger", str(book), "--apply")[0] == 0
    code, out, _ = run(capsys, county, "tasks", "list", "--round", PROVINCIAL, "--json")
    task = json.loads(out)[0]["uuid"]
    conn = sqlite3.connect(county / "ledger.sqlite3")
    try:
        owner = conn.execute("SELECT task_uuid FROM measure WHERE description = ?",
                             ("省级新增措施",)).fetchone()[0]
    finally:
        conn.close()
    assert owner == task



def test_supervision_and_accountability_name_the_round(
        capsys: pytest.CaptureFixture[str], desks: tuple[Path, Path, dict[str, str]]) -> None:
    city, _county, ids = desks
    issue = ("supervise", "issue", "--unit", "130602", "--task", "1", "--level", "remind",
             "--reply-by", "2027-01-31", "--text", "请加快推进", "--json")
    before = dump(city / "ledger.sqlite3")
    code, _, err = run(capsys, city, *issue)
    assert code == 1 and CENTRAL_TITLE in err and PROVINCIAL_TITLE in err
    code, _, err = run(capsys, city, "accountability", "add", "--unit", "130602",
                       "--action", "interview", "--basis", "逾期", "--date", "2026-11-20",
                       "--task", "1")
    assert code == 1 and "--round" in err
    assert dump(city / "ledger.sqlite3") == before
    code, out, err = run(capsys, city, *issue, "--round", PROVINCIAL)
    assert code == 0, err
    # Escalating keeps the notice on its task, whatever round holds the same number.
    notice = json.loads(out)["id"]
    code, _, err = run(capsys, city, "supervise", "escalate", notice[:8],
                       "--reply-by", "2027-02-28")
    assert code == 0, err
    conn = sqlite3.connect(city / "ledger.sqlite3")
    try:
        round_of_notice = conn.execute(
            "SELECT t.round_uuid FROM supervision_notice AS n JOIN task AS t "
            "ON t.uuid = n.task_uuid").fetchall()
    finally:
        conn.close()
    assert round_of_notice == [(ids["provincial"],)] * 2


def test_the_plan_keeps_task_1_of_each_round_apart(
        capsys: pytest.CaptureFixture[str], desks: tuple[Path, Path, dict[str, str]]) -> None:
    city, _county, _ids = desks
    code, out, _ = run(capsys, city, "plan", "--json")
    assert code == 0
    assert [(t["round_name"], t["number"], t["title"], t["units"]) for t in json.loads(out)] == [
        (CENTRAL, 1, "中央一号燃煤锅炉整治", 2), (CENTRAL, 2, "中央二号工业园区治理", 2),
        (PROVINCIAL, 1, "省级一号河道清理", 2)]
