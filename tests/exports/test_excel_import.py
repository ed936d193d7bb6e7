"""Importing edited and hostile workbooks: the plan, the apply, and the refusals.
Every refusal names its reason and leaves the database exactly as it was."""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from excel_helpers import dump, find_row, headers, set_cell
from sqlalchemy import select

from db.models import AuditEntry, Effect, Measure, Problem
from desktop.exports import xlsx_guard
from desktop.exports.excel_import import ImportPlan, ImportRejected, apply_import, plan_import
from desktop.exports.excel_ledger import export_ledger
from desktop.exports.ledger_schema import TASK_ID_HEADER
from desktop.i18n import UserError
from desktop.services.desk import DeskContext


@pytest.fixture
def workbook(county_demo: DeskContext, tmp_path: Path) -> Path:
    out = tmp_path / "台账.xlsx"
    export_ledger(county_demo, out)
    return out


class _M:
    def __init__(self, uuid: str) -> None:
        self.uuid = uuid


def _open_measure(ctx: DeskContext) -> _M:
    """A measure in progress, without a done date (its uuid)."""
    with ctx.store.read() as s:
        return _M(s.scalars(select(Measure.uuid).where(Measure.done_date.is_(None),
                                                       Measure.status == "doing")
                            .order_by(Measure.uuid)).first())


def test_edited_workbook_plan_then_apply(county_demo: DeskContext, workbook: Path) -> None:
    m = _open_measure(county_demo)
    row = set_cell(workbook, "措施清单", m.uuid, "完成日期", "2026年5月1日")
    wb = openpyxl.load_workbook(workbook)
    ws = wb["问题清单"]
    cols = headers(ws)
    task_uuid = ws.cell(2, cols[TASK_ID_HEADER]).value
    new_row = ws.max_row + 1
    ws.cell(new_row, cols[TASK_ID_HEADER]).value = task_uuid
    ws.cell(new_row, cols["问题描述"]).value = "=新发现：河道有垃圾"
    ws.cell(new_row, cols["问题描述"]).data_type = "s"
    ws.cell(new_row, cols["地点"]).value = "府河"
    wb.save(workbook)

    before = dump(county_demo)
    plan = plan_import(county_demo, workbook)
    assert dump(county_demo) == before  # a dry run writes nothing
    assert plan.ok
    changed = [r for r in plan.rows if r.kind == "changed"]
    new = [r for r in plan.rows if r.kind == "new"]
    assert [(r.sheet, r.row, r.uuid) for r in changed] == [("措施清单", row, m.uuid)]
    assert [(c.field, c.old, c.new) for c in changed[0].changes] == [
        ("done_date", None, date(2026, 5, 1)), ("status", "doing", "done")]
    assert [(r.sheet, r.row, r.task_uuid, r.values) for r in new] == [
        ("问题清单", new_row, task_uuid,
         {"description": "=新发现：河道有垃圾", "location": "府河"})]

    head = len(before)
    with county_demo.store.read() as s:
        revision = s.get(Measure, m.uuid).revision
    apply_import(county_demo, workbook)
    with county_demo.store.read() as s:
        stored = s.get(Measure, m.uuid)
        assert (stored.done_date, stored.status, stored.revision) == (
            date(2026, 5, 1), "done", revision + 1)
        added = s.scalars(select(Problem).where(Problem.description.like("=新发现%"))).one()
        assert (added.task_uuid, added.owner, added.location) == (task_uuid, "130602", "府河")
        audit = {(a.action, a.table_name, a.field) for a in s.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(4))}
    assert audit == {
        ("update", "measure", "done_date"), ("update", "measure", "status"),
        ("insert", "problem", "*"), ("event", "excel_import", "import")}
    assert len(dump(county_demo)) > head


def test_new_row_by_task_number_and_progress_placeholder(county_demo: DeskContext,
                                                         workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    ws = wb["措施清单"]
    cols = headers(ws)
    r = ws.max_row + 1
    ws.cell(r, cols["序号"]).value = 7
    ws.cell(r, cols["措施内容"]).value = "增设巡查点"
    ws.cell(r, cols["计划完成日期"]).value = "2027.3.1"
    ws = wb["进展"]
    cols = headers(ws)
    ws.cell(2, cols["进展情况"]).value = "本月完成现场核查"
    ws.cell(2, cols["完成比例"]).value = 60
    wb.save(workbook)
    plan = apply_import(county_demo, workbook)
    assert plan.counts()["new"] == 2
    with county_demo.store.read() as s:
        m = s.scalars(select(Measure).where(Measure.description == "增设巡查点")).one()
        assert m.planned_date == date(2027, 3, 1) and m.status == "planned"


def _reject(ctx: DeskContext, path: Path, expected: str) -> None:
    before = dump(ctx)
    with pytest.raises(UserError) as info:
        apply_import(ctx, path)
    err = info.value
    texts = [str(err)]
    if isinstance(err, ImportRejected):
        texts += [m.zh for m in err.plan.problems]
        texts += [m.zh for r in err.plan.rows for m in r.errors]
    assert any(expected in t for t in texts), texts
    assert dump(ctx) == before


@pytest.mark.parametrize(("sheet", "header", "value", "expected"), [
    ("措施清单", "计划完成日期", "2026-02-30", "“计划完成日期”：“2026-02-30”不是有效日期"),
    ("措施清单", "计划完成日期", "2020年2月30日", "“计划完成日期”：“2020年2月30日”不是有效日期"),
    ("措施清单", "措施状态", "搞定了",
     "“措施状态”：“搞定了”不是可选的值（可选：计划中、进行中、已完成）"),
    ("效果清单", "基准值", "很多", "“基准值”：“很多”不是数字"),
    ("措施清单", "措施内容", "   ", "“措施内容”：不能为空"),
])
def test_bad_values_name_sheet_row_and_column(county_demo: DeskContext, workbook: Path,
                                              sheet: str, header: str, value: str,
                                              expected: str) -> None:
    model = Measure if sheet == "措施清单" else Effect
    with county_demo.store.read() as s:
        uuid = s.scalars(select(model.uuid).order_by(model.uuid)).first()
    row = set_cell(workbook, sheet, uuid, header, value)
    _reject(county_demo, workbook, f"{sheet} 第 {row} 行 {expected}")


def test_formula_cell(county_demo: DeskContext, workbook: Path) -> None:
    m = _open_measure(county_demo)
    row = set_cell(workbook, "措施清单", m.uuid, "措施内容", "=1+1")  # openpyxl: a formula
    _reject(county_demo, workbook, f"措施清单 第 {row} 行 “措施内容”：不接受公式（=1+1）")


def test_merged_cells(county_demo: DeskContext, workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    wb["措施清单"].merge_cells("E3:F4")
    wb.save(workbook)
    _reject(county_demo, workbook, "措施清单 E3:F4：不接受合并单元格")


def test_record_owned_by_another_desk(county_demo: DeskContext, workbook: Path) -> None:
    m = _open_measure(county_demo)
    with county_demo.store.write() as s:
        s.get(Measure, m.uuid).owner = "130600"
    row = set_cell(workbook, "措施清单", m.uuid, "措施内容", "改写")
    _reject(county_demo, workbook,
            f"措施清单 第 {row} 行：这条记录属于“130600”，本台账（130602）不能修改它")


def test_unknown_record_and_duplicate_row(county_demo: DeskContext, workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    ws = wb["问题清单"]
    ws.cell(2, 1).value = ws.cell(3, 1).value
    wb.save(workbook)
    _reject(county_demo, workbook, "问题清单 第 3 行：“编号（勿改）”与问题清单 第 2 行重复")
    wb = openpyxl.load_workbook(workbook)
    wb["问题清单"].cell(2, 1).value = "00000000-0000-0000-0000-000000000000"
    wb.save(workbook)
    _reject(county_demo, workbook, "问题清单 第 2 行：找不到编号为“00000000")


def test_readonly_edits_are_reported_not_imported(county_demo: DeskContext,
                                                  workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    ws = wb["信访件"]
    ws.cell(2, headers(ws)["反映内容"]).value = "改过的内容"
    wb.save(workbook)
    before = dump(county_demo)
    plan = apply_import(county_demo, workbook)
    assert plan.ok and plan.counts()["changed"] == 0
    assert "信访件 第 2 行 “反映内容”：这一列只供参考，修改未导入。" in [
        m.zh for r in plan.rows for m in r.warnings]
    assert dump(county_demo) == before


# -- files that are not what they claim ------------------------------------------------

def test_not_a_zip(county_demo: DeskContext, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("序号,任务\n1,扬尘\n", "utf-8")
    _reject(county_demo, path, "“x.xlsx”不是 Excel 工作簿（.xlsx）")


def test_zip_that_is_not_a_workbook(county_demo: DeskContext, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    _reject(county_demo, path, "不是 Excel 工作簿")


def test_encrypted_ole_file(county_demo: DeskContext, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(xlsx_guard.OLE_MAGIC + bytes(4096))
    _reject(county_demo, path, "文件已加密或不是 .xlsx")


def test_file_over_50_mb(county_demo: DeskContext, tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    _reject(county_demo, path, "太大：文件 51 MB，上限 50 MB")


def _rewrite(src: Path, dst: Path, change: dict[str, bytes]) -> None:
    """Copy a workbook, replacing or adding the parts in ``change``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change.get(info.filename, zin.read(info.filename)))
        for name in change.keys() - set(zin.namelist()):
            zout.writestr(name, change[name])


def test_zip_bomb_declared_size(county_demo: DeskContext, workbook: Path,
                                tmp_path: Path) -> None:
    data = bytearray(workbook.read_bytes())
    # Claim 600 MB for the first central-directory entry's unpacked size.
    at = data.index(b"PK\x01\x02")
    data[at + 24:at + 28] = (600 * 1024 * 1024).to_bytes(4, "little")
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bytes(data))
    _reject(county_demo, bomb, "MB，上限 500 MB")


def test_zip_bomb_real_content(county_demo: DeskContext, workbook: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_guard, "MAX_UNPACKED_BYTES", 4 * 1024 * 1024)
    bomb = tmp_path / "bomb.xlsx"
    _rewrite(workbook, bomb, {"docProps/custom.xml": b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"})
    assert bomb.stat().st_size < 200_000  # a small file that unpacks big
    _reject(county_demo, bomb, "太大")


def test_too_many_rows(county_demo: DeskContext, workbook: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_guard, "MAX_ROWS", 100)
    _reject(county_demo, workbook, "超过 100 行")


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n')


def _with_entities(workbook: Path, tmp_path: Path) -> Path:
    with zipfile.ZipFile(workbook) as z:
        sheet = z.read("xl/worksheets/sheet3.xml")
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", sheet)
    body = body.replace(b"<sheetData>", b"<sheetData><row r=\"900\"><c r=\"A900\" t=\"inlineStr\">"
                        b"<is><t>&lol3;</t></is></c></row>", 1)
    bad = tmp_path / "laughs.xlsx"
    _rewrite(workbook, bad, {"xl/worksheets/sheet3.xml": LAUGHS + body})
    return bad


def test_entity_expansion_refused_before_parsing(county_demo: DeskContext, workbook: Path,
                                                 tmp_path: Path) -> None:
    _reject(county_demo, _with_entities(workbook, tmp_path),
            "含有不安全的 XML 内容（DTD 或实体声明，位于 xl/worksheets/sheet3.xml）")


def test_defusedxml_is_the_second_wall(county_demo: DeskContext, workbook: Path,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with our scan switched off, openpyxl parses through defusedxml and refuses."""
    xlsx_guard.ensure_defusedxml()
    monkeypatch.setattr(xlsx_guard, "_check_zip", lambda path, z: None)
    _reject(county_demo, _with_entities(workbook, tmp_path), "含有不安全的 XML 内容")


def test_missing_defusedxml_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_guard.openpyxl, "DEFUSEDXML", False)
    with pytest.raises(UserError, match="defusedxml"):
        xlsx_guard.ensure_defusedxml()


def test_progress_and_cancel_during_import(county_demo: DeskContext, workbook: Path) -> None:
    from desktop.exports.xlsx_common import Cancelled

    set_cell(workbook, "措施清单", _open_measure(county_demo).uuid, "措施内容", "新内容")
    before = dump(county_demo)
    calls: list[int] = []

    def cancel_late(done: int, total: int) -> None:
        calls.append(done)
        if done == total and len(calls) > 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        apply_import(county_demo, workbook, progress=cancel_late)
    assert dump(county_demo) == before


def test_find_row_helper(workbook: Path, county_demo: DeskContext) -> None:
    m = _open_measure(county_demo)
    assert find_row(openpyxl.load_workbook(workbook)["措施清单"], m.uuid) >= 2


# -- read-only loading: what a sheet's XML may or may not say ---------------------------

def _summary(plan: ImportPlan) -> list[object]:
    return [plan.problems, plan.notes] + [
        (r.sheet, r.row, r.kind, r.uuid, r.task_uuid, r.values,
         [(c.field, c.old, c.new) for c in r.changes],
         [m.zh for m in r.errors], [m.zh for m in r.warnings])
        for r in plan.rows]


def _part(path: Path, name: str = "xl/worksheets/sheet3.xml") -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def _sheet_parts(path: Path, change: Callable[[bytes], bytes]) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: change(z.read(n)) for n in z.namelist()
                if n.startswith("xl/worksheets/sheet")}


def _edited_measures(ctx: DeskContext, workbook: Path) -> tuple[int, int]:
    """A date typed as a date, a text date, a merged range, a new row after a gap."""
    m = _open_measure(ctx)
    wb = openpyxl.load_workbook(workbook)
    ws = wb["措施清单"]
    cols = headers(ws)
    row = find_row(ws, m.uuid)
    ws.cell(row, cols["完成日期"]).value = date(2026, 5, 1)  # an Excel serial date
    ws.cell(row, cols["完成日期"]).number_format = "yyyy-mm-dd"
    other = 3 if row != 3 else 4
    ws.cell(other, cols["计划完成日期"]).value = "2027年1月2日"
    new_row = ws.max_row + 3
    ws.cell(new_row, cols["序号"]).value = 7
    ws.cell(new_row, cols["措施内容"]).value = "增设巡查点"
    ws.merge_cells(f"E{new_row + 2}:F{new_row + 3}")  # below the last row with a value
    wb["问题清单"].merge_cells("E5:F6")
    wb.save(workbook)
    return row, new_row


@pytest.mark.parametrize("dimension", ["none", "A1"])
def test_sheet_dimension_is_not_trusted(county_demo: DeskContext, workbook: Path,
                                        tmp_path: Path, dimension: str) -> None:
    """Files saved by other programs may lack <dimension> or understate it: every
    row is still read, and the plan is the same as for the file openpyxl wrote."""
    row, new_row = _edited_measures(county_demo, workbook)
    def change(xml: bytes) -> bytes:
        if dimension == "none":
            return re.sub(rb"<dimension [^>]*/>", b"", xml)
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml)

    other = tmp_path / "other.xlsx"
    _rewrite(workbook, other, _sheet_parts(workbook, change))
    assert (b"<dimension" in _part(other)) == (dimension == "A1")
    ro = openpyxl.load_workbook(other, read_only=True)
    assert ro["措施清单"].max_row == (None if dimension == "none" else 1)
    ro.close()

    expected = plan_import(county_demo, workbook)
    plan = plan_import(county_demo, other)
    assert _summary(plan) == _summary(expected)
    by_row = {(r.sheet, r.row): r for r in plan.rows}
    assert [(c.field, c.new) for c in by_row["措施清单", row].changes] == [
        ("done_date", date(2026, 5, 1)), ("status", "done")]
    assert by_row["措施清单", new_row].kind == "new"
    assert by_row["措施清单", new_row].values["description"] == "增设巡查点"
    merged = [(r.sheet, r.row, m.zh) for r in plan.rows for m in r.errors]
    assert merged == [
        ("问题清单", 5, "问题清单 E5:F6：不接受合并单元格，请取消合并后再导入。"),
        ("问题清单", 6, "问题清单 E5:F6：不接受合并单元格，请取消合并后再导入。"),
    ] + [("措施清单", r, f"措施清单 E{new_row + 2}:F{new_row + 3}：不接受合并单元格，"
                       "请取消合并后再导入。") for r in (new_row + 2, new_row + 3)]


def _prefixed(xml: bytes) -> bytes:
    """The sheet written with a namespace prefix (x:row, x:mergeCells), as some
    programs do."""
    xml = xml.replace(b'<worksheet xmlns="', b'<worksheet xmlns:x="', 1)
    return re.sub(rb"<(/?)([A-Za-z]\w*)([\s/>])", rb"<\1x:\2\3", xml)


def _utf16(xml: bytes) -> bytes:
    xml = re.sub(rb"encoding=[\"']UTF-8[\"']", b'encoding="UTF-16"', xml, flags=re.I)
    return b"\xff\xfe" + xml.decode("utf-8").encode("utf-16-le")


@pytest.mark.parametrize("form", ["plain", "prefixed", "utf16", "ranges-not-parsed"])
def test_merged_cells_found_in_any_form(county_demo: DeskContext, workbook: Path,
                                        tmp_path: Path, form: str) -> None:
    wb = openpyxl.load_workbook(workbook)
    wb["措施清单"].merge_cells("E3:F4")
    wb["措施清单"].merge_cells("B20:B21")
    wb.save(workbook)
    change = {"plain": lambda xml: xml, "prefixed": _prefixed, "utf16": _utf16,
              # a comment before the root: the cut-out fragment does not parse; the
              # whole part is parsed instead
              "ranges-not-parsed": lambda xml: xml.replace(b"<worksheet",
                                                           b"<!-- <a --><worksheet", 1),
              }[form]
    path = tmp_path / f"{form}.xlsx"
    _rewrite(workbook, path, {"xl/worksheets/sheet3.xml": change(_part(workbook))})
    with xlsx_guard.open_workbook(path) as book:
        assert [r.coord for r in book.merged("措施清单")] == ["E3:F4", "B20:B21"]
        assert book.extent("措施清单") == openpyxl.load_workbook(workbook)["措施清单"].max_row
    _reject(county_demo, path, "措施清单 E3:F4：不接受合并单元格")
    _reject(county_demo, path, "措施清单 B20:B21：不接受合并单元格")


def _open_files() -> set[str]:
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("needs /proc")
    out = set()
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):  # the listing's own descriptor
            out.add(str(fd.resolve()))
    return out


def test_file_closed_after_reading_and_after_errors(county_demo: DeskContext, workbook: Path,
                                                    tmp_path: Path) -> None:
    """Rows are read while the file is open; it is closed after, also when a sheet
    turns out to be damaged half way down (found only while reading its rows)."""
    plan_import(county_demo, workbook)
    apply_import(county_demo, workbook)
    assert str(workbook.resolve()) not in _open_files()
    sheet = _part(workbook)
    broken = tmp_path / "broken.xlsx"
    _rewrite(workbook, broken, {"xl/worksheets/sheet3.xml":
                                sheet.replace(b'<row r="50"', b'<row r="50"><c><<', 1)})
    _reject(county_demo, broken, "“broken.xlsx”不是 Excel 工作簿（.xlsx），或文件已损坏。")
    with pytest.raises(UserError):
        plan_import(county_demo, broken)
    assert str(broken.resolve()) not in _open_files()


@pytest.mark.parametrize("far", ["row", "merged"])
def test_row_numbers_beyond_the_limit(county_demo: DeskContext, workbook: Path,
                                      tmp_path: Path, far: str) -> None:
    """Few rows in the file, but one numbered far down (or a merged range reaching
    there): a full load would make that many rows; refused like too many rows."""
    sheet = _part(workbook)
    if far == "row":
        sheet = sheet.replace(b"</sheetData>", b'<row r="250000"><c r="E250000" t="inlineStr">'
                              b"<is><t>x</t></is></c></row></sheetData>", 1)
    else:
        sheet = sheet.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                              b'<mergeCell ref="E3:F250000"/></mergeCells>', 1)
    path = tmp_path / "far.xlsx"
    _rewrite(workbook, path, {"xl/worksheets/sheet3.xml": sheet})
    _reject(county_demo, path, "太大：超过 200,000 行")


@pytest.mark.tools
def test_libreoffice_resaved_edits(county_demo: DeskContext, workbook: Path,
                                   tmp_path: Path) -> None:
    """Edits that went through LibreOffice (shared strings, its own date styles, a
    formula with its cached value, merged cells) read as they were typed."""
    import subprocess

    from tests.conftest import require_tool

    row, _ = _edited_measures(county_demo, workbook)
    formula_row = 4 if row != 4 else 5
    set_cell(workbook, "措施清单", openpyxl.load_workbook(workbook)["措施清单"].cell(
        formula_row, 1).value, "措施内容", "=1+1")
    expected = plan_import(county_demo, workbook)
    out = tmp_path / "lo"
    subprocess.run([require_tool("soffice"), f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(workbook)],
                   check=True, timeout=180, capture_output=True)
    resaved = out / workbook.name
    with zipfile.ZipFile(resaved) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    plan = plan_import(county_demo, resaved)
    assert _summary(plan) == _summary(expected)
    errors = [m.zh for r in plan.rows for m in r.errors]
    assert (f"措施清单 第 {formula_row} 行 “措施内容”：不接受公式（=1+1），"
            "请改为直接填写内容。") in errors
    assert "问题清单 E5:F6：不接受合并单元格，请取消合并后再导入。" in errors
    assert [(c.field, c.new) for r in plan.rows if (r.sheet, r.row) == ("措施清单", row)
            for c in r.changes] == [("done_date", date(2026, 5, 1)), ("status", "done")]


def test_importing_the_same_workbook_twice_adds_nothing_the_second_time(
        county_demo: DeskContext, workbook: Path) -> None:
    """A new row has no identifier in the file even after its import: the second import
    recognises it by task and content (issue 15)."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["措施清单"]
    cols = headers(ws)
    r = ws.max_row + 1
    ws.cell(r, cols["序号"]).value = 7
    ws.cell(r, cols["措施内容"]).value = "增设巡查点"
    ws.cell(r, cols["计划完成日期"]).value = "2027.3.1"
    ws = wb["进展"]
    cols = headers(ws)
    ws.cell(2, cols["进展情况"]).value = "本月完成现场核查"
    ws.cell(2, cols["完成比例"]).value = 60
    wb.save(workbook)
    assert apply_import(county_demo, workbook).counts()["new"] == 2
    before = dump(county_demo)
    again = plan_import(county_demo, workbook)
    assert again.counts()["new"] == 0 and again.counts()["rejected"] == 0, again.to_json()
    assert sum("此前已导入" in m.zh for r in again.rows for m in r.warnings) == 2
    apply_import(county_demo, workbook)
    assert dump(county_demo) == before
    with county_demo.store.read() as s:
        assert len(s.scalars(select(Measure).where(Measure.description == "增设巡查点"))
                   .all()) == 1
