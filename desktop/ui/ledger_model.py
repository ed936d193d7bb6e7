"""The ledger table: one row per task (a QAbstractTableModel over TaskRow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.plan import round_title
from desktop.domain.status import Status
from desktop.domain.status import label as status_label
from desktop.i18n import language
from desktop.services.ledger_rows import TaskRow
from desktop.ui.style import LIGHT_COLOURS, light_icon

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex

# "unit_name" (the county-level unit keeping the task) matters on the city desk only;
# the view shows it next to the number there and hides it on a county desk.
# "round" (the inspection round, 督察轮次) is shown only when the ledger holds several:
# task numbers repeat from one round to the next.
COLUMNS = ("number", "title", "lead_unit", "responsible", "deadline", "days_left", "status",
           "light", "latest_period", "percent", "unit_name", "round")
_STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}
_LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, "none": 3}
# A copy the plan withdrew from its unit: its filter key for light and status, so no
# light or status filter ever picks it (it has neither), and its grey.
WITHDRAWN = "withdrawn"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole,
                    Qt.ItemDataRole.ToolTipRole, UUID_ROLE})


def sort_key(row: TaskRow, column: str) -> Any:
    """A key comparable across all rows of one column (None sorts last)."""
    if column == "number":
        return (row.number, row.unit_code)
    if column == "responsible":
        return "、".join(row.responsible)
    if column == "deadline":
        return row.deadline or date.max
    if column == "days_left":
        return row.days_left if row.days_left is not None else 10**9
    if column == "status":  # a withdrawn copy after every status, as after every light
        return 99 if row.withdrawn else _STATUS_ORDER.get(row.status, 99)
    if column == "light":
        return 9 if row.withdrawn else _LIGHT_ORDER.get(row.light, 9)
    if column == "latest_period":
        return row.latest_period or ""
    if column == "percent":
        return row.percent if row.percent is not None else -1.0
    if column == "round":
        return round_title(row.round_name, row.round_kind, language())
    return getattr(row, column) or ""


@dataclass
class LedgerData:
    """The rows, with each row's search text and filter keys as plain lists so that a
    filter is one tight comprehension.  No Qt: a worker thread builds it for a large
    ledger, leaving the window only the model reset."""

    rows: list[TaskRow]
    texts: list[str]
    lights: list[str]
    statuses: list[str]
    categories: list[str]
    units: list[tuple[str, ...]]
    rounds: list[str]  # each row's round id
    by_number: list[int]  # row indexes in task-number order, the default sort
    # Row indexes (ascending) by light and by status: one filter is a look-up.
    by_light: dict[str, list[int]]
    by_status: dict[str, list[int]]

    @classmethod
    def of(cls, rows: list[TaskRow], texts: dict[str, str]) -> LedgerData:
        # Rows come round after round (in feedback order): number order keeps that.
        position = {u: i for i, u in enumerate(dict.fromkeys(r.round_id for r in rows))}
        numbers = [(position[r.round_id], *sort_key(r, "number")) for r in rows]
        lights = [WITHDRAWN if r.withdrawn else r.light for r in rows]
        statuses = [WITHDRAWN if r.withdrawn else r.status for r in rows]
        return cls(rows,
                   [texts.get(r.uuid) or r.title.casefold() for r in rows],
                   lights,
                   statuses,
                   [r.category for r in rows],
                   [(r.unit_name, r.lead_unit, *r.responsible) for r in rows],
                   [r.round_id for r in rows],
                   sorted(range(len(rows)), key=numbers.__getitem__),
                   _indexes(lights), _indexes(statuses))


def _indexes(values: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, value in enumerate(values):
        found.setdefault(value, []).append(i)
    return found


class LedgerModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._take(LedgerData.of([], {}))
        self._headers = [self.tr("编号"), self.tr("任务"), self.tr("牵头单位"),
                         self.tr("责任单位"), self.tr("整改时限"), self.tr("剩余天数"),
                         self.tr("状态"), self.tr("预警"), self.tr("最近月报"),
                         self.tr("完成比例"), self.tr("县（市、区）"), self.tr("督察轮次")]

    def set_rows(self, rows: list[TaskRow], texts: dict[str, str]) -> None:
        self.set_data(LedgerData.of(rows, texts))

    def set_data(self, data: LedgerData) -> None:
        self.beginResetModel()
        self._take(data)
        self.endResetModel()

    def _take(self, data: LedgerData) -> None:
        self.rows, self.texts = data.rows, data.texts  # texts: same order as rows
        self.lights, self.statuses = data.lights, data.statuses
        self.categories, self.units = data.categories, data.units
        self.rounds = data.rounds
        self.by_number, self.by_light, self.by_status = (data.by_number, data.by_light,
                                                         data.by_status)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row_number: int, col: int, role: int) -> Any:
        """data() without a QModelIndex, so the proxy can skip building one: the view
        asks several roles of every visible cell on each repaint."""
        if role not in _ROLES or not 0 <= row_number < len(self.rows):
            return None
        row = self.rows[row_number]
        column = COLUMNS[col]
        if row.withdrawn and role not in (UUID_ROLE, Qt.ItemDataRole.TextAlignmentRole):
            return self._withdrawn(row, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == UUID_ROLE:
            return row.uuid
        if role == Qt.ItemDataRole.DecorationRole:
            return light_icon(row.light) if column == "light" else None
        if role == Qt.ItemDataRole.ForegroundRole:
            overdue = row.days_left is not None and row.days_left < 0 and row.light != "none"
            return LIGHT_COLOURS["red"] if column == "days_left" and overdue else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in ("number", "days_left", "percent") else None
        if role == Qt.ItemDataRole.ToolTipRole and column in ("title", "responsible", "round"):
            return self._display(row, column)
        return None

    def _withdrawn(self, row: TaskRow, column: str, role: int) -> Any:
        """A kept copy the plan no longer gives this unit: grey, 不再适用 for its status,
        no light and no days left, the reason on every cell."""
        if role == Qt.ItemDataRole.ForegroundRole:
            return LIGHT_COLOURS["none"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("不再适用：%1").replace("%1", row.withdrawn)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "status":
                return self.tr("不再适用")
            return "" if column in ("light", "days_left") else self._display(row, column)
        return None

    def _display(self, row: TaskRow, column: str) -> str:
        if column == "number":
            return str(row.number)
        if column == "responsible":
            return "、".join(row.responsible)
        if column == "deadline":
            return row.deadline.isoformat() if row.deadline else self.tr("长期坚持")
        if column == "days_left":
            return "" if row.days_left is None else str(row.days_left)
        if column == "status":
            return status_label(row.status)
        if column == "light":
            return str(LIGHT_LABELS[Light(row.light)])
        if column == "latest_period":
            return row.latest_period or ""
        if column == "percent":
            return "" if row.percent is None else f"{row.percent:.0f}%"
        if column == "round":
            return round_title(row.round_name, row.round_kind, language())
        return str(getattr(row, column))
