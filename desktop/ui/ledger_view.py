"""The ledger: search, filters and the task table.  Typing is debounced and filtered
on precomputed strings (see ledger_proxy) so the window keeps up at 100,000 tasks."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.plan import round_title
from desktop.domain.status import Status
from desktop.domain.status import label as status_label
from desktop.i18n import UserError, language
from desktop.services import ledger_rows, search
from desktop.ui import messages, operations
from desktop.ui.desk import Desk
from desktop.ui.ledger_model import COLUMNS, WITHDRAWN, LedgerData, LedgerModel
from desktop.ui.ledger_proxy import LedgerProxy
from desktop.ui.style import fit_headers

DEBOUNCE_MS = 120
# From this many tasks the ledger is read in the background (about 30 µs a task, so
# 0.15 s here): a city-wide or synthetic ledger must not freeze the window on reload.
BACKGROUND_FROM = 5_000
# Column widths in "M" units of the font, so Chinese headers are not cut off.
_WIDTHS = (3, 20, 9, 11, 6, 4, 6, 5, 5, 5, 6, 12)


class LedgerTable(QTableView):
    """The task table; says once when its first frame (with the rows) is painted.

    A paintEvent override rather than an event filter on ``viewport()``: the first
    Python call that returns a plain QWidget makes PySide build dozens of widget
    types, about 25 ms of a cold start."""

    first_painted = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # after the rest of this frame


class LedgerView(QWidget):
    open_task = Signal(str)
    counts_changed = Signal(dict)  # light → tasks, over the whole ledger

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.loading = self._stale = False
        self.model = LedgerModel(self)
        self.proxy = LedgerProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("搜索任务标题、反馈问题、四个清单（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("ledgerSearch")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_enter)

        self.light_box = self._combo(self.tr("全部预警"))
        for lt in Light:
            self.light_box.addItem(str(LIGHT_LABELS[lt]), lt.value)
        self.status_box = self._combo(self.tr("全部状态"))
        for st in Status:
            self.status_box.addItem(status_label(st), st.value)
        self.unit_box = self._combo(self.tr("全部单位"))
        self.category_box = self._combo(self.tr("全部类别"))
        # Shown only when the ledger holds more than one inspection round (_show).
        self.round_box = self._combo(self.tr("全部督察轮次"))
        self.round_box.setObjectName("roundFilter")
        self.round_box.hide()
        for box in self._boxes():
            # Connected once filled: filtering an empty table while building it is waste.
            box.currentIndexChanged.connect(lambda _i: self._filters_changed())
        clear = QPushButton(self.tr("清除筛选"), self)
        clear.clicked.connect(self.clear_filters)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for w in self._boxes():
            bar.addWidget(w, 1)
        bar.addWidget(clear)

        self.table = LedgerTable(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row height: no per-row measuring, which matters at 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate(_WIDTHS):
            header.resizeSection(col, width * em + 16)
        # Status and light words are a known few: never cut them short, whatever the
        # language ("Close-out requested" is three times as wide as 申请销号).
        metrics = self.table.fontMetrics()
        for column, words in (("status", [status_label(st) for st in Status]),
                              ("light", [str(LIGHT_LABELS[lt]) for lt in Light])):
            col = COLUMNS.index(column)
            icon = em + 8 if column == "light" else 0
            widest = max(metrics.horizontalAdvance(w) for w in words) + icon + 16
            header.resizeSection(col, max(header.sectionSize(col), widest))
        fit_headers(header)  # titles and the sort arrow, in any language and font
        header.setStretchLastSection(True)
        unit_column = COLUMNS.index("unit_name")
        if desk.is_city:  # every county's copy of a task: say whose row it is
            header.moveSection(unit_column, 1)
        else:
            self.table.setColumnHidden(unit_column, True)
        # 编号, (县（市、区）,) 督察轮次, 任务, …
        header.moveSection(header.visualIndex(COLUMNS.index("round")), 2 if desk.is_city else 1)
        self.table.setColumnHidden(COLUMNS.index("round"), True)
        self.table.activated.connect(self._activated)

        self.shown = QLabel(self)
        self.proxy.filtered.connect(self._show_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown)
        self.setTabOrder(self.search, self.light_box)

    def _boxes(self) -> tuple[QComboBox, ...]:
        return (self.round_box, self.light_box, self.status_box, self.unit_box,
                self.category_box)

    def _combo(self, everything: str) -> QComboBox:
        box = QComboBox(self)
        box.addItem(everything, "")
        # Not sized to the longest entry: a long unit name or English status word
        # would push the boxes past the window and onto each other.  The open list
        # still widens to show every entry whole.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        return box

    # --- data ---
    def reload(self) -> None:
        """Read the rows again: in place for an ordinary ledger, in the background for
        a very large one, where the table keeps its rows and says it is reading."""
        if self.loading:
            self._stale = True  # read once more when this read is done
            return
        desk = self.desk
        if desk.rows(ledger_rows.task_count) < BACKGROUND_FROM:
            try:
                data = desk.rows(self._read)
            except UserError as e:  # e.g. a hand-edited, unreadable stored value
                self._load_failed(e)
                return
            self._show(data)
            return
        self.loading = True
        self.shown.setText(self.tr("正在读取台账…"))
        operations.in_background(lambda _c: self._read_large(), self._loaded,
                                 self._load_failed)

    def _read_large(self) -> tuple[Any, ...]:
        with operations.collection_held():  # no collector pauses in the window
            return self.desk.rows_in_thread(self._read)

    def _read(self, conn: Any) -> tuple[Any, ...]:
        """Everything the view shows, from one snapshot; no Qt here (may run in a
        worker thread)."""
        desk = self.desk
        # Withdrawn copies too (shown greyed), but never in the counts by light.
        rows = ledger_rows.task_rows(conn, desk.today, desk.settings, withdrawn=True)
        return (LedgerData.of(rows, search.search_texts(conn)),
                ledger_rows.unit_choices(conn), ledger_rows.categories(conn),
                dict(Counter(r.light for r in rows if not r.withdrawn)),
                [(round_title(name, kind, language()), uuid)
                 for uuid, name, kind in ledger_rows.rounds(conn)])

    def _loaded(self, data: tuple[Any, ...]) -> None:
        if not isValid(self):  # the window closed while reading
            return
        self.loading = False
        self._show(data)
        if self._stale:
            self._stale = False
            self.reload()

    def _load_failed(self, error: BaseException) -> None:
        if isValid(self):
            self.loading = self._stale = False
            self._show_count(self.proxy.rowCount())
            messages.error(self, error)

    def _show(self, data: tuple[Any, ...]) -> None:
        ledger, units, categories, counts, rounds = data
        selected = self.current_uuid()
        self.model.set_data(ledger)
        self._fill(self.unit_box, [(name, name) for _code, name in units])
        self._fill(self.category_box, [(c, c) for c in categories])
        # One round: nothing to choose and nothing to tell apart, so neither the
        # selector nor the column (a round that went away leaves no filter behind).
        several = len(rounds) > 1
        self._fill(self.round_box, rounds if several else [])
        self.round_box.setVisible(several)
        self.table.setColumnHidden(COLUMNS.index("round"), not several)
        if not several and self.proxy.filters.round:
            self._filters_changed()
        self.counts_changed.emit(counts)
        if selected:
            self.select(selected)

    def _fill(self, box: QComboBox, items: list[tuple[str, str]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, data in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    # --- filtering ---
    def apply_search(self) -> None:
        self._debounce.stop()
        self.proxy.set_filters(text=self.search.text())

    def _search_enter(self) -> None:
        self.apply_search()
        if self.proxy.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _filters_changed(self) -> None:
        self.proxy.set_filters(light=self.light_box.currentData() or "",
                               status=self.status_box.currentData() or "",
                               unit=self.unit_box.currentData() or "",
                               category=self.category_box.currentData() or "",
                               round=self.round_box.currentData() or "")

    def set_light(self, light: str) -> None:
        self.light_box.setCurrentIndex(max(0, self.light_box.findData(light)))

    def clear_filters(self) -> None:
        for box in self._boxes():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.clear()
        self._filters_changed()
        self.apply_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_count(self, visible: int) -> None:
        # A withdrawn copy is not one of the unit's tasks: counted apart.
        withdrawn = self.model.by_status.get(WITHDRAWN, [])
        gone, shown_gone = len(withdrawn), self.proxy.visible_among(withdrawn)
        text = self.tr("显示 %1 / %2 项任务").replace("%1", str(visible - shown_gone)) \
            .replace("%2", str(len(self.model.rows) - gone))
        if gone:
            text += self.tr("；另有 %1 项不再适用（灰色）").replace("%1", str(gone))
        self.shown.setText(text)

    # --- selection ---
    def current_uuid(self) -> str | None:
        index = self.table.currentIndex()
        return self.proxy.row_uuid(index.row()) if index.isValid() else None

    def select(self, uuid: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_uuid(row) == uuid:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_task.emit(self.proxy.row_uuid(index.row()))
