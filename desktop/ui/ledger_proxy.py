"""Filtering and sorting the ledger.

A QSortFilterProxyModel asks a Python ``filterAcceptsRow`` once per row: measured at
100,000 tasks that costs 0.2–0.8 s per keystroke.  This proxy instead computes the
visible rows in one Python pass over precomputed keys and search strings, and Qt only
ever asks it about the rows on screen.  A query that extends the previous one (the
clerk typing on) searches only the previous matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.services.search import matching, normalise
from desktop.ui.ledger_model import COLUMNS, LedgerModel, sort_key

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Filters:
    light: str = ""
    status: str = ""
    unit: str = ""  # unit name: the keeping unit, the lead unit or a responsible unit
    category: str = ""
    round: str = ""  # an inspection round's id
    text: str = ""


class LedgerProxy(QAbstractProxyModel):
    filtered = Signal(int)  # rows now visible

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filters = Filters()
        self._order: list[int] = []  # every source row, in the current sort order
        self._visible: list[int] = []
        self._position: dict[int, int] | None = None  # source row → proxy row, lazily
        self._base: list[int] | None = None  # rows passing the non-text filters
        self._last_query = ""
        self._last_match: list[int] = []
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder
        # Per column, every row's sort key; built on first use after each reset, so
        # sorting is one C-level list sort (100,000 rows: ~0.1 s, was 0.7 s).
        self._keys: dict[str, list[Any]] = {}

    # --- wiring ---
    def setSourceModel(self, model: LedgerModel) -> None:  # type: ignore[override]
        old = self.sourceModel()
        if old is not None:
            old.modelReset.disconnect(self._source_reset)
            old.dataChanged.disconnect(self._source_changed)
        super().setSourceModel(model)
        model.modelReset.connect(self._source_reset)
        model.dataChanged.connect(self._source_changed)
        self._source_reset()

    def source(self) -> LedgerModel:
        return self.sourceModel()  # type: ignore[return-value]

    def _source_reset(self) -> None:
        self._keys = {}
        self._sort_order_list()
        self._base = None
        self._refilter()

    def _source_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = ()) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(max(0, self.rowCount() - 1),
                                                          self.columnCount() - 1))

    # --- filtering ---
    def set_filters(self, **changes: str) -> None:
        new = replace(self.filters, **changes)
        if new == self.filters:
            return
        if {k for k in changes if getattr(self.filters, k) != changes[k]} - {"text"}:
            self._base = None
        self.filters = new
        self._refilter()

    def _base_rows(self) -> list[int]:
        if self._base is None:
            f, m = self.filters, self.source()
            # Light and status come as ready lists of rows (built with the data): start
            # from the shorter one, then one pass over plain lists for the rest.
            starts = sorted(((index.get(value, []), col) for col, value, index in (
                (m.lights, f.light, m.by_light), (m.statuses, f.status, m.by_status))
                if value), key=lambda start: len(start[0]))
            rows: Sequence[int] = starts[0][0] if starts else range(len(m.rows))
            done = starts[0][1] if starts else None
            for col, value in ((m.lights, f.light), (m.statuses, f.status),
                               (m.categories, f.category)):
                if value and col is not done:
                    rows = [i for i in rows if col[i] == value]
            if f.unit:
                rows = [i for i in rows if f.unit in m.units[i]]
            if f.round:
                rows = [i for i in rows if m.rounds[i] == f.round]
            self._base = list(rows)
            self._last_query, self._last_match = "", self._base
        return self._base

    def _refilter(self) -> None:
        base = self._base_rows()
        query = normalise(self.filters.text)
        if query and self._last_query and query.startswith(self._last_query):
            match = matching(self.source().texts, query, self._last_match)
        else:
            match = matching(self.source().texts, query, base) if query else base
        self._last_query, self._last_match = query, match
        if len(match) == len(self._order):
            visible = list(self._order)
        else:
            keep = bytearray(len(self._order))
            for i in match:
                keep[i] = 1
            visible = [i for i in self._order if keep[i]]
        self.beginResetModel()
        self._visible = visible
        self._position = None
        self.endResetModel()
        self.filtered.emit(len(visible))

    # --- sorting ---
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        if (column, order) == (self.sort_column, self.sort_order):
            return  # the view asks twice for one click; the rows are in that order
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [self._visible[i.row()] if i.isValid() else -1 for i in persistent]
        self._sort_order_list()
        keep = bytearray(len(self._order))
        for i in self._visible:
            keep[i] = 1
        self._visible = [i for i in self._order if keep[i]]
        self._position = {src: i for i, src in enumerate(self._visible)}
        # Selections follow their task to its new row.
        self.changePersistentIndexList(persistent, [
            self.index(self._position[src], i.column()) if src >= 0 else QModelIndex()
            for i, src in zip(persistent, sources, strict=True)
        ])
        self.layoutChanged.emit()

    def _column_keys(self, name: str) -> list[Any]:
        keys = self._keys.get(name)
        if keys is None:
            keys = self._keys[name] = [sort_key(r, name) for r in self.source().rows]
        return keys

    def _sort_order_list(self) -> None:
        # Number order comes with the data (built in the worker for a large ledger).
        by_number = self.source().by_number
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        if COLUMNS[self.sort_column] == "number" and not descending:
            self._order = list(by_number)
            return
        # Stable sort from number order: ties stay in number order, either way round.
        keys = self._column_keys(COLUMNS[self.sort_column])
        self._order = sorted(by_number, key=keys.__getitem__, reverse=descending)

    # --- QAbstractProxyModel ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._visible) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index | None = None) -> Any:
        if child is None:  # QObject.parent()
            return super().parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, idx: Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def mapToSource(self, proxy: Index) -> QModelIndex:
        if not proxy.isValid() or not 0 <= proxy.row() < len(self._visible):
            return QModelIndex()
        return self.source().index(self._visible[proxy.row()], proxy.column())

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        if self._position is None:
            self._position = {src: i for i, src in enumerate(self._visible)}
        row = self._position.get(source.row())
        return QModelIndex() if row is None else self.index(row, source.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Straight to the row: no mapToSource and no source index per cell and role.
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        return self.source().cell(self._visible[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.source().headerData(section, orientation, role)
        return None

    def visible_among(self, source_rows: Sequence[int]) -> int:
        """How many of ``source_rows`` (a few: the withdrawn copies) pass the filters."""
        if not source_rows:
            return 0
        if self._position is None:
            self._position = {src: i for i, src in enumerate(self._visible)}
        return sum(1 for r in source_rows if r in self._position)

    def row_uuid(self, proxy_row: int) -> str:
        return self.source().rows[self._visible[proxy_row]].uuid
