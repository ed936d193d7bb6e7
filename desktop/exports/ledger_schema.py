"""The editable sheets of the ledger workbook, shared by export and import.

Import finds columns by their header text, not their position, so a clerk may move
or hide columns; the identifier columns tie each row to its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from db.models import Effect, Measure, Petition, Problem, Progress, Record, Responsibility

ID_HEADER = "编号（勿改）"
TASK_ID_HEADER = "任务编号（勿改）"
ROUND_HEADER = "督察轮次"  # task numbers are unique only within a round


class Kind(StrEnum):
    ID = "id"  # the record's uuid
    TASK_ID = "task_id"  # the task's uuid; with an empty ID it makes a new row
    DISPLAY = "display"  # context for the reader; never imported
    READONLY = "readonly"  # a record field shown but not importable; edits are reported
    KEY = "key"  # set on a new row only (the progress month)
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    PERCENT = "percent"
    CHOICE = "choice"
    BOOL = "bool"


EDITABLE = {Kind.TEXT, Kind.DATE, Kind.NUMBER, Kind.PERCENT, Kind.CHOICE, Kind.BOOL}

MEASURE_STATUS = (("planned", "计划中"), ("doing", "进行中"), ("done", "已完成"))
SUBSTANTIATED = (("属实", "属实"), ("部分属实", "部分属实"), ("不属实", "不属实"))
PETITION_STATUS = (("in_progress", "整改中"), ("done", "已办结"))
YES_NO = ((True, "是"), (False, "否"))


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind
    choices: tuple[tuple[object, str], ...] = ()
    width: int = 30  # widest the column grows before text wraps
    personal: bool = False  # complainant data: left out unless asked for
    blank_ok: bool = True  # for choices: may the cell stay empty

    @property
    def editable(self) -> bool:
        return self.kind in EDITABLE

    def label_of(self, value: object) -> str:
        for code, label in self.choices:
            if code == value:
                return label
        return "" if value in (None, "") else str(value)


@dataclass(frozen=True)
class SheetSpec:
    title: str
    table: str
    model: type[Record]
    columns: tuple[Column, ...]

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)


def _ids() -> tuple[Column, ...]:
    return (
        Column(ID_HEADER, "uuid", Kind.ID, width=10),
        Column(TASK_ID_HEADER, "task_uuid", Kind.TASK_ID, width=10),
        Column("序号", "task_number", Kind.DISPLAY, width=6),
        # Written when the ledger holds several rounds; with 序号 it finds the task of
        # a row added in Excel.
        Column(ROUND_HEADER, "task_round", Kind.DISPLAY, width=18),
        Column("单位", "task_unit", Kind.DISPLAY, width=12),
        Column("任务名称", "task_title", Kind.DISPLAY, width=24),
    )


LIST_SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("问题清单", "problem", Problem, (
        *_ids(),
        Column("问题描述", "description", Kind.TEXT, width=50),
        Column("地点", "location", Kind.TEXT, width=20),
        Column("严重程度", "severity", Kind.TEXT, width=10),
    )),
    SheetSpec("措施清单", "measure", Measure, (
        *_ids(),
        Column("措施内容", "description", Kind.TEXT, width=50),
        Column("责任主体", "responsible", Kind.TEXT, width=20),
        Column("计划完成日期", "planned_date", Kind.DATE, width=16),
        Column("完成日期", "done_date", Kind.DATE, width=16),
        Column("措施状态", "status", Kind.CHOICE, MEASURE_STATUS, width=10, blank_ok=False),
    )),
    SheetSpec("责任清单", "responsibility", Responsibility, (
        *_ids(),
        Column("责任单位", "unit_name", Kind.TEXT, width=24),
        Column("责任人", "person", Kind.TEXT, width=24),
        Column("职责", "role", Kind.TEXT, width=16),
        Column("联系方式", "contact", Kind.TEXT, width=16),
    )),
    SheetSpec("效果清单", "effect", Effect, (
        *_ids(),
        Column("指标", "indicator", Kind.TEXT, width=36),
        Column("计量单位", "unit_of_measure", Kind.TEXT, width=12),
        Column("基准值", "baseline", Kind.NUMBER, width=10),
        Column("目标值", "target", Kind.NUMBER, width=10),
        Column("实际值", "achieved", Kind.NUMBER, width=10),
        Column("越高越好", "higher_is_better", Kind.BOOL, YES_NO, width=8, blank_ok=False),
    )),
)

PROGRESS_SHEET = SheetSpec("进展", "progress", Progress, (
    *_ids(),
    Column("月份", "period", Kind.KEY, width=9),
    Column("进展情况", "narrative", Kind.TEXT, width=60),
    Column("完成比例", "percent", Kind.PERCENT, width=9),
    Column("存在困难", "difficulties", Kind.TEXT, width=30),
    Column("下步计划", "next_steps", Kind.TEXT, width=30),
    Column("本月无变化", "no_change", Kind.BOOL, YES_NO, width=9, blank_ok=False),
))

PETITION_SHEET = SheetSpec("信访件", "petition", Petition, (
    Column(ID_HEADER, "uuid", Kind.ID, width=10),
    Column("信访编号", "case_no", Kind.READONLY, width=20),
    Column("受理日期", "received_date", Kind.READONLY, width=14),
    Column("交办日期", "handed_over_date", Kind.READONLY, width=14),
    Column("地点", "location", Kind.READONLY, width=24),
    Column("反映内容", "content", Kind.READONLY, width=50),
    Column("类别", "category", Kind.READONLY, width=10),
    Column("举报人", "complainant_name", Kind.READONLY, width=10, personal=True),
    Column("联系电话", "complainant_phone", Kind.READONLY, width=14, personal=True),
    Column("身份证号", "complainant_id", Kind.READONLY, width=20, personal=True),
    Column("关联任务", "task_numbers", Kind.DISPLAY, width=10),
    Column("是否属实", "substantiated", Kind.CHOICE, SUBSTANTIATED, width=10),
    Column("办理结果", "result", Kind.TEXT, width=50),
    Column("整改状态", "rectification_status", Kind.CHOICE, PETITION_STATUS, width=10,
           blank_ok=False),
))

EDITABLE_SHEETS: tuple[SheetSpec, ...] = (*LIST_SHEETS, PROGRESS_SHEET, PETITION_SHEET)
SUMMARY_TITLE = "台账"
NOTES_TITLE = "说明"
