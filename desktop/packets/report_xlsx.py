"""The import report as an Excel workbook, in plain words (a sheet per view)."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.exports.xlsx_text import put_text
from desktop.fileio import atomic_write_bytes
from desktop.packets.importer import STATUS_LABELS, ImportOutcome
from desktop.services.history import table_label

__all__ = ["import_report_bytes", "save_import_report"]


def _sheet(wb: Workbook, title: str, header: list[str], rows: Sequence[Sequence[object]],
           first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    assert ws is not None
    ws.title = title
    for col, text in enumerate(header, 1):
        cell = ws.cell(row=1, column=col)
        put_text(cell, text)
        cell.font = Font(bold=True)
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=col)
            if isinstance(value, int):
                cell.value = value
            else:
                put_text(cell, "" if value is None else str(value))
    for col in range(1, len(header) + 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 18
    ws.freeze_panes = "A2"


def import_report_bytes(outcome: ImportOutcome) -> bytes:
    wb = Workbook()
    summary, checks, diffs, warnings = [], [], [], []
    for p in outcome.packets:
        m = p.inspection.manifest
        sender = m.sender_code if m else ""
        summary.append([p.path.name, sender, m.period if m else "", m.sequence if m else "",
                        STATUS_LABELS[p.status].zh, len(p.warnings),
                        "已导入" if outcome.applied else "预览（未导入）"])
        for c in p.inspection.checks:
            state = {"passed": "通过", "warning": "警告", "refused": "拒绝",
                     "skipped": "未检查"}[c.state]
            checks.append([p.path.name, c.label.zh, state, c.msg.zh])
        for table, d in sorted(p.merge.diff.items()):
            diffs.append([p.path.name, table_label(table).zh, d.new, d.changed, d.unchanged,
                          d.refused])
        warnings += [[p.path.name, w.zh] for w in p.warnings]
    _sheet(wb, "导入结果", ["文件", "报送单位", "月份", "序号", "状态", "警告数", "是否写入"],
           summary, first=True)
    _sheet(wb, "核验", ["文件", "检查项", "结论", "说明"], checks)
    _sheet(wb, "差异", ["文件", "数据表", "新增", "修改", "未变", "拒绝"], diffs)
    _sheet(wb, "警告", ["文件", "内容"], warnings)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def save_import_report(outcome: ImportOutcome, out: Path) -> None:
    atomic_write_bytes(out, import_report_bytes(outcome))
