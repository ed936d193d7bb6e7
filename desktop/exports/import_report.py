"""The import check as a workbook a clerk can keep, filter and send on."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop.exports import xlsx_common as xc
from desktop.exports.excel_import import KIND_LABELS, UNCHANGED, ImportPlan, in_words
from desktop.exports.xlsx_text import put_text

HEADERS = ("工作表", "行号", "结果", "列", "原值", "新值", "说明")
WIDTHS = (10, 6, 6, 14, 40, 40, 60)


def write_report(plan: ImportPlan, out: Path, today: date) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "导入检查"
    xc.write_header(ws, HEADERS)
    styles = xc.CellStyles()
    lines: list[tuple[Any, ...]] = [("", "", "", "", "", "", m.zh) for m in plan.problems]
    for r in plan.rows:
        kind = KIND_LABELS[r.kind]
        for m in r.errors:
            lines.append((r.sheet, r.row, kind, "", "", "", m.zh))
        # Columns and choices as the workbook names them (措施状态：进行中), never the
        # stored field names and codes.
        for c in r.changes:
            lines.append((r.sheet, r.row, kind, c.label, in_words(r.table, c.field, c.old)[1],
                          in_words(r.table, c.field, c.new)[1], ""))
        if r.kind == "new":
            for k, v in r.values.items():
                header, value = in_words(r.table, k, v)
                lines.append((r.sheet, r.row, kind, header, "", value, ""))
        for m in r.warnings:
            lines.append((r.sheet, r.row, "提示" if r.kind == UNCHANGED else kind, "", "", "",
                          m.zh))
    lines.extend(("", "", "提示", "", "", "", m.zh) for m in plan.notes)
    for r_idx, line in enumerate(lines, 2):
        for c_idx, value in enumerate(line, 1):
            cell = ws.cell(r_idx, c_idx)
            styles.wrap.apply(cell)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
            else:
                put_text(cell, "" if value is None else str(value))
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions["ABCDEFG"[i]].width = width
    xc.print_setup(ws, f"{plan.file} 导入检查（{today.isoformat()}）")
    xc.save_atomically(wb, out)
