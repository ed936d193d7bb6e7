"""Which fields each kind of record shows, how they are typed, and their labels.
Labels are marked for translation here and translated when shown."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop.ui.translations import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # Chinese source text; see title()
    kind: str = "text"  # text | long | date | number | percent | bool | period
    editable: bool = True
    required: bool = False
    width: int = 10  # in em

    def title(self) -> str:
        return QCoreApplication.translate("Columns", self.label)


C = Column
SPECS: dict[str, tuple[Column, ...]] = {
    "problem": (
        C("description", QT_TRANSLATE_NOOP("Columns", "问题描述"), "long", required=True, width=30),
        C("location", QT_TRANSLATE_NOOP("Columns", "地点")),
        C("severity", QT_TRANSLATE_NOOP("Columns", "严重程度"), width=6),
    ),
    "measure": (
        C("description", QT_TRANSLATE_NOOP("Columns", "整改措施"), "long", required=True, width=30),
        C("responsible", QT_TRANSLATE_NOOP("Columns", "责任人/单位")),
        C("planned_date", QT_TRANSLATE_NOOP("Columns", "计划完成日期"), "date", width=7),
        C("done_date", QT_TRANSLATE_NOOP("Columns", "完成日期"), "date", width=7),
        C("status", QT_TRANSLATE_NOOP("Columns", "状态"), editable=False, width=4),
    ),
    "responsibility": (
        C("unit_name", QT_TRANSLATE_NOOP("Columns", "责任单位"), required=True, width=14),
        C("person", QT_TRANSLATE_NOOP("Columns", "责任人")),
        C("role", QT_TRANSLATE_NOOP("Columns", "职责"), width=8),
        C("contact", QT_TRANSLATE_NOOP("Columns", "联系电话")),
    ),
    "effect": (
        C("indicator", QT_TRANSLATE_NOOP("Columns", "指标"), required=True, width=24),
        C("unit_of_measure", QT_TRANSLATE_NOOP("Columns", "计量单位"), width=6),
        C("baseline", QT_TRANSLATE_NOOP("Columns", "基准值"), "number", width=5),
        C("target", QT_TRANSLATE_NOOP("Columns", "目标值"), "number", width=5),
        C("achieved", QT_TRANSLATE_NOOP("Columns", "实际值"), "number", width=5),
        C("higher_is_better", QT_TRANSLATE_NOOP("Columns", "越高越好"), "bool", width=5),
    ),
    "progress": (
        C("period", QT_TRANSLATE_NOOP("Columns", "月份"), "period", width=5),
        C("percent", QT_TRANSLATE_NOOP("Columns", "完成比例"), "percent", width=5),
        C("narrative", QT_TRANSLATE_NOOP("Columns", "进展情况"), "long", width=24),
        C("difficulties", QT_TRANSLATE_NOOP("Columns", "存在困难"), "long", width=12),
        C("next_steps", QT_TRANSLATE_NOOP("Columns", "下步打算"), "long", width=12),
        C("no_change", QT_TRANSLATE_NOOP("Columns", "本月无变化"), "bool", width=6),
    ),
    "extension": (
        C("requested_on", QT_TRANSLATE_NOOP("Columns", "申请日期"), "date", width=7),
        C("previous_deadline", QT_TRANSLATE_NOOP("Columns", "原时限"), "date", False, width=7),
        C("new_deadline", QT_TRANSLATE_NOOP("Columns", "延期至"), "date", required=True, width=7),
        C("reason", QT_TRANSLATE_NOOP("Columns", "理由"), "long", width=20),
        C("approver", QT_TRANSLATE_NOOP("Columns", "审批"), editable=False, width=6),
        C("approved", QT_TRANSLATE_NOOP("Columns", "已批准"), "bool", False, width=4),
        # The city's decision, as its packet brought it (a county cannot set these).
        C("decided_on", QT_TRANSLATE_NOOP("Columns", "审核日期"), "date", False, width=7),
        C("decision_note", QT_TRANSLATE_NOOP("Columns", "审核意见"), editable=False, width=12),
    ),
    "revisit": (
        C("due_date", QT_TRANSLATE_NOOP("Columns", "回头看日期"), "date", required=True, width=7),
        C("done_date", QT_TRANSLATE_NOOP("Columns", "完成日期"), "date", width=7),
        C("inspector", QT_TRANSLATE_NOOP("Columns", "核查人"), width=10),
        C("findings", QT_TRANSLATE_NOOP("Columns", "核查结果"), "long", width=20),
        C("rebound", QT_TRANSLATE_NOOP("Columns", "反弹"), "bool", False, width=4),
    ),
}
# Fields filled in when a record is added but fixed afterwards (the month of a report).
FIXED_AFTER_ADD = {("progress", "period")}


def field_title(table: str, field: str) -> str:
    """The label a clerk knows for a stored field (history, messages); else the name."""
    for col in SPECS.get(table, ()):
        if col.field == field:
            return col.title()
    return field
