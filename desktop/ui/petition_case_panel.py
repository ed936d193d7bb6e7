"""A petition as a case, under the petitions form: the city hands it over (交办) with a
due date; the handling unit records its closing date (办结), the reply to the
complainant, the follow-up call (回访) with satisfaction, the earlier case it repeats,
举一反三 (similar problems found and fixed) and its evidence.  Every act goes through
the ledger's door; a refusal is shown with every reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import petition_cases
from desktop.ui import messages
from desktop.ui.desk import Desk
from desktop.ui.style import ERROR_STYLE


class PetitionCasePanel(QGroupBox):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("交办与办理"), parent)
        self.desk = desk
        self.uuid: str | None = None
        self.state = QLabel(self)
        self.state.setWordWrap(True)

        # The city's hand-over.
        self.unit = QComboBox(self)
        self.due = QLineEdit(self)
        self.due.setPlaceholderText("2026-12-31")
        self.handover_button = QPushButton(self.tr("交办"), self)
        self.handover_button.clicked.connect(self.handover)
        hand = QHBoxLayout()
        hand.addWidget(self.unit, 2)
        hand.addWidget(QLabel(self.tr("期限"), self))
        hand.addWidget(self.due, 1)
        hand.addWidget(self.handover_button)
        self.handover_row = QWidget(self)
        self.handover_row.setLayout(hand)

        # The handling unit's record.
        self.reply = QPlainTextEdit(self)
        self.reply.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        self.satisfaction = QComboBox(self)
        for text in petition_cases.SATISFACTION:
            self.satisfaction.addItem(text or self.tr("（未回访）"), text)
        self.repeat_of = QLineEdit(self)
        self.repeat_of.setPlaceholderText(self.tr("前件案件编号"))
        self.similar_found = QSpinBox(self)
        self.similar_fixed = QSpinBox(self)
        for box in (self.similar_found, self.similar_fixed):
            box.setRange(0, 9999)
        self.similar_note = QLineEdit(self)
        similar = QHBoxLayout()
        similar.addWidget(QLabel(self.tr("发现"), self))
        similar.addWidget(self.similar_found)
        similar.addWidget(QLabel(self.tr("已整改"), self))
        similar.addWidget(self.similar_fixed)
        similar.addWidget(self.similar_note, 1)
        form = QFormLayout()
        form.addRow(self.tr("答复举报人"), self.reply)
        form.addRow(self.tr("回访满意度"), self.satisfaction)
        form.addRow(self.tr("重复件"), self.repeat_of)
        form.addRow(self.tr("举一反三"), similar)
        self.save_button = QPushButton(self.tr("保存办理情况"), self)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("办结"), self)
        self.close_button.clicked.connect(self.close_case)
        self.evidence = QListWidget(self)
        self.evidence.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.add_evidence_button = QPushButton(self.tr("添加佐证材料…"), self)
        self.add_evidence_button.clicked.connect(self.add_evidence)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.add_evidence_button)
        buttons.addStretch(1)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)

        self.handling = QWidget(self)
        hv = QVBoxLayout(self.handling)
        hv.setContentsMargins(0, 0, 0, 0)
        hv.addLayout(form)
        hv.addLayout(buttons)
        hv.addWidget(QLabel(self.tr("佐证材料："), self))
        hv.addWidget(self.evidence)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.handover_row)
        layout.addWidget(self.handling)
        layout.addWidget(self.error)
        self.show_case(None)

    # --- showing ---
    def show_case(self, uuid: str | None) -> None:
        self.uuid = uuid
        self.error.setText("")
        self.setVisible(uuid is not None)
        if uuid is None:
            return
        d = self.desk.fetch(lambda s: petition_cases.case_detail(s, uuid))
        self.detail = d
        code = self.desk.code
        is_city = self.desk.ctx.role == "city"
        parts = []
        if d["unit_code"] != d["owner"]:
            parts.append(self.tr("已交办给 %1").replace("%1", d["unit_code"]))
        if d["due_date"]:
            parts.append(self.tr("办理期限 %1").replace("%1", d["due_date"].isoformat()))
        if d["closed_on"]:
            parts.append(self.tr("%1 办结").replace("%1", d["closed_on"].isoformat()))
        elif d["due_date"] and d["due_date"] < self.desk.today:
            parts.append(self.tr("已超期未办结"))
        if d["replied_on"]:
            parts.append(self.tr("%1 已答复").replace("%1", d["replied_on"].isoformat()))
        if d["follow_up_on"]:
            parts.append(self.tr("%1 回访：%2").replace("%1", d["follow_up_on"].isoformat())
                         .replace("%2", d["satisfaction"]))
        self.state.setText("；".join(parts) or self.tr("尚未交办"))
        # The city hands over its own cases that nobody has started handling.
        can_hand = is_city and d["owner"] == code and d["closed_on"] is None
        self.handover_row.setVisible(can_hand)
        if can_hand:
            units = self.desk.fetch(petition_cases.county_units)
            self.unit.clear()
            for c, name in units:
                self.unit.addItem(f"{c} {name}", c)
            self.unit.setCurrentIndex(max(0, self.unit.findData(d["unit_code"])))
            self.due.setText(d["due_date"].isoformat() if d["due_date"] else "")
        mine = d["unit_code"] == code
        self.handling.setVisible(mine)
        self.reply.setPlainText(d["reply"] or "")
        self.satisfaction.setCurrentIndex(max(0, self.satisfaction.findData(d["satisfaction"])))
        self.repeat_of.setText(d["repeat_of"] or "")
        self.similar_found.setValue(d["similar_found"] or 0)
        self.similar_fixed.setValue(d["similar_fixed"] or 0)
        self.similar_note.setText(d["similar_note"] or "")
        self.close_button.setEnabled(mine and d["closed_on"] is None)
        self.evidence.clear()
        for name, caption in d["evidence"]:
            self.evidence.addItem(f"{name}  {caption}".strip())

    # --- acts ---
    def _act(self, act: Any) -> bool:
        try:
            act()
        except Exception as e:
            self.error.setText(str(e))
            return False
        self.error.setText("")
        self.desk.changed.emit("")
        return True

    def handover(self) -> None:
        uuid = self.uuid
        if uuid is None:
            return
        try:
            due = date.fromisoformat(self.due.text().strip())
        except ValueError:
            self.error.setText(self.tr("请按 2026-12-31 的格式填写办理期限。"))
            return
        self._act(lambda: self.desk.ledger.handover_petition(
            uuid, to=self.unit.currentData(), due=due))

    def save(self) -> None:
        d, today = self.detail, self.desk.today
        changes: dict[str, Any] = {
            "repeat_of": self.repeat_of.text().strip(),
            "similar_found": self.similar_found.value(),
            "similar_fixed": self.similar_fixed.value(),
            "similar_note": self.similar_note.text().strip(),
        }
        reply = self.reply.toPlainText().strip()
        if reply != (d["reply"] or ""):
            changes.update(reply=reply, replied_on=today if reply else None)
        satisfaction = self.satisfaction.currentData()
        if satisfaction != (d["satisfaction"] or ""):
            changes.update(satisfaction=satisfaction,
                           follow_up_on=today if satisfaction else None)
        uuid = self.uuid
        if uuid is None:
            return
        self._act(lambda: self.desk.ledger.handle_petition(uuid, changes))

    def close_case(self) -> None:
        """办结 on today's date; the verdict and result come from the form above."""
        uuid = self.uuid
        if uuid is None:
            return
        self._act(lambda: self.desk.ledger.handle_petition(uuid, {"closed_on": self.desk.today}))

    def add_evidence(self) -> None:
        files = messages.open_files(self, self.tr("选择佐证材料"), "",
                                    self.tr("图片和文档 (*.png *.jpg *.jpeg *.pdf *.doc *.docx "
                                            "*.xls *.xlsx);;所有文件 (*)"))
        uuid = self.uuid
        for f in files:
            if not self._act(lambda f=f: self.desk.ledger.add_evidence(f, petition_uuid=uuid)):
                return
