"""The form for one task of the city's plan (新增任务 / 编辑): the fields of a row of the
task list, checked by the import's rules (services/catalogue.build_entry) when the
clerk presses OK; what is wrong is said in the form, which stays open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.domain.plan import REPORTING_KINDS, Deadline, deadline_text
from desktop.services import catalogue, rounds
from desktop.services.catalogue import CatalogueTask
from desktop.ui import messages
from desktop.ui.desk import Desk
from desktop.ui.style import ERROR_STYLE

# Save callback: takes the checked entry, raises UserError when the door refuses it.
Save = Callable[[CatalogueTask], None]


class _UnitList(QListWidget):
    """The city's units, each with a check box."""

    def __init__(self, units: list[tuple[str, str]], checked: tuple[str, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code, name in units:
            item = QListWidgetItem(f"{name}（{code}）", self)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in checked
                               else Qt.CheckState.Unchecked)
        self.setFixedHeight(self.fontMetrics().height() * 6)

    def codes(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def check(self, codes: set[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in codes:
                item.setCheckState(Qt.CheckState.Checked)


class CatalogueDialog(QDialog):
    def __init__(self, desk: Desk, round_uuid: str, old: CatalogueTask | None, save: Save,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.round_uuid, self.old, self._save = desk, round_uuid, old, save
        self.entry: CatalogueTask | None = None
        self.setWindowTitle(self.tr("新增任务") if old is None else
                            self.tr("编辑第 %1 号任务").replace("%1", str(old.number)))
        found = desk.fetch(rounds.unit_names)
        units = [(u.code, u.name) for u in found]
        self.reporting = {u.code for u in found if u.kind in REPORTING_KINDS}
        lines = self.fontMetrics().height()

        self.number = QLineEdit(str(old.number) if old else "", self)
        self.number.setReadOnly(old is not None)  # the number is the task's name
        self.feedback = QPlainTextEdit(old.feedback if old else "", self)
        self.feedback.setFixedHeight(lines * 4)
        self.target = QPlainTextEdit(old.target if old else "", self)
        self.target.setFixedHeight(lines * 3)
        self.measures = QPlainTextEdit(old.measures if old else "", self)
        self.measures.setFixedHeight(lines * 5)
        self.measures.setPlaceholderText(self.tr("每行一项措施"))
        self.lead = QComboBox(self)
        self.lead.addItem("", "")
        for code, name in units:
            self.lead.addItem(name, code)
        if old and old.lead_unit_code:
            self.lead.setCurrentIndex(max(0, self.lead.findData(old.lead_unit_code)))
        self.responsible = _UnitList(units, old.responsible_units if old else (), self)
        self.official = QLineEdit(old.lead_official if old else "", self)
        on = old.deadline.on if old else None
        self.deadline = QLineEdit(deadline_text(Deadline(on)) if on else "", self)
        self.deadline.setPlaceholderText(self.tr("2027-06-30 或 2027年6月底前"))
        self.ongoing = QCheckBox(self.tr("长期坚持"), self)
        self.ongoing.setChecked(bool(old and old.deadline.ongoing))
        due = QHBoxLayout()
        due.addWidget(self.deadline, 1)
        due.addWidget(self.ongoing)
        self.category = QLineEdit(old.category if old else "", self)
        self.units = _UnitList(units, old.units if old else (), self)
        self.all_units = QCheckBox(self.tr("所有报送单位"), self)
        self.all_units.toggled.connect(self._all_units)

        form = QFormLayout()
        form.addRow(self.tr("序号"), self.number)
        form.addRow(self.tr("督察反馈问题"), self.feedback)
        form.addRow(self.tr("整改目标"), self.target)
        form.addRow(self.tr("整改措施"), self.measures)
        form.addRow(self.tr("牵头单位"), self.lead)
        form.addRow(self.tr("责任单位"), self.responsible)
        form.addRow(self.tr("责任人"), self.official)
        form.addRow(self.tr("整改时限"), due)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("适用单位"), self.all_units)
        form.addRow("", self.units)
        self.error = QLabel(self)
        self.error.setObjectName("catalogue_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(46 * self.fontMetrics().horizontalAdvance("中"), self.sizeHint().height())

    def _all_units(self, on: bool) -> None:
        if on:
            self.units.check(self.reporting)

    def read(self) -> CatalogueTask:
        """The form as a task, by the import's rules (UserError says what is wrong)."""
        old = self.old
        # A title the plan gave stays; one made from the problem follows the problem.
        title = old.title if old and old.title != catalogue.title_of(old.feedback) else ""

        def build(s: Session) -> CatalogueTask:
            return catalogue.build_entry(
                s, self.round_uuid, number=self.number.text(),
                feedback=self.feedback.toPlainText(), target=self.target.toPlainText(),
                measures=self.measures.toPlainText().splitlines(),
                lead=self.lead.currentData() or "", responsible=self.responsible.codes(),
                lead_official=self.official.text(), deadline=self.deadline.text(),
                ongoing=self.ongoing.isChecked(), category=self.category.text(),
                units=self.units.codes(), title=title)

        return self.desk.fetch(build)

    def submit(self) -> None:
        self.error.clear()
        try:
            entry = self.read()
            if entry != self.old:  # an unchanged form changes nothing
                self._save(entry)
        except Exception as e:  # refused: said in the form, which stays open
            self.error.setText(messages.describe(e)[0])
            return
        self.entry = entry
        self.accept()
