"""Helpers for the Excel ledger tests: a full database dump, workbook edits, a small
desk built in a few milliseconds for property tests."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from db.models import InspectionRound, Measure, Petition, Progress, Task
from desktop.exports.ledger_schema import ID_HEADER
from desktop.services.desk import DeskContext, init_desk


def dump(ctx: DeskContext) -> list[str]:
    """Every row of every table, as SQL text: equal dumps mean an unchanged ledger."""
    con = sqlite3.connect(ctx.paths.database)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def headers(ws: Worksheet) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def find_row(ws: Worksheet, uuid: str) -> int:
    col = headers(ws)[ID_HEADER]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col).value == uuid:
            return row
    raise LookupError(uuid)


def set_cell(path: Path, sheet: str, uuid: str, header: str, value: Any) -> int:
    """Edit one cell of the record ``uuid``; returns the row number."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    row = find_row(ws, uuid)
    ws.cell(row, headers(ws)[header]).value = value
    wb.save(path)
    return row


def small_desk(home: Path) -> tuple[DeskContext, dict[str, str]]:
    """A county desk with one task, one measure, this month's progress, one petition."""
    ctx = init_desk(home, "county", "130602", "测试区整改办")
    with ctx.store.write() as s:
        rnd = InspectionRound(name="第二轮省级督察", owner="130600")
        task = Task(round=rnd, number=1, unit_code="130602", title="扬尘治理",
                    deadline=date(2027, 6, 30), status="in_progress", owner="130600")
        s.add_all([rnd, task])
        s.flush()
        measure = Measure(task_uuid=task.uuid, seq=1, description="覆盖裸土", owner="130602")
        progress = Progress(task_uuid=task.uuid, period="2026-11", narrative="已完成一半",
                            percent=50, owner="130602")
        petition = Petition(case_no="BD-1", unit_code="130602", content="扬尘",
                            complainant_name="李某", owner="130602")
        s.add_all([measure, progress, petition])
    return ctx, {"task": task.uuid, "measure": measure.uuid, "progress": progress.uuid,
                 "petition": petition.uuid}
