"""Import packets: pick files or a folder, or drop them; see every check's verdict and
the dry-run diff; then apply, all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import language
from desktop.packets import importer
from desktop.packets.manifest import EXTENSION
from desktop.services.desk import DeskContext
from desktop.services.history import table_label
from desktop.ui import messages, operations
from desktop.ui.packets.common import COLOURS

_MARK = {"passed": "✓", "warning": "！", "refused": "✗", "skipped": "·"}


class ImportDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.files: list[Path] = []
        self.outcome: importer.ImportOutcome | None = None
        self.setWindowTitle(self.tr("导入报送包"))
        self.setAcceptDrops(True)
        hint = QLabel(self.tr("选择报送包文件或所在文件夹，也可以把文件拖到这里。"
                              "先预览核验结果与数据差异，确认后再导入。"))
        hint.setWordWrap(True)
        pick = QPushButton(self.tr("选择文件…"))
        pick.clicked.connect(self._pick_files)
        folder = QPushButton(self.tr("选择文件夹…"))
        folder.clicked.connect(self._pick_folder)
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText(self.tr("首次接收市级下发包时：电话核对过的市级密钥指纹"))
        row = QHBoxLayout()
        row.addWidget(pick)
        row.addWidget(folder)
        row.addWidget(self.fingerprint, 1)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("报送包 / 检查项"), self.tr("结论"), self.tr("说明")])
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 120)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = buttons.addButton(self.tr("确认导入"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(820, 560)

    # --- choosing files ------------------------------------------------------------------

    def _pick_files(self) -> None:
        files = messages.open_files(self, self.tr("选择报送包"), "",
                                    self.tr("报送包 (*{0} *.zip)").replace("{0}", EXTENSION))
        if files:
            self.load(files)

    def _pick_folder(self) -> None:
        folder = messages.choose_folder(self, self.tr("选择报送包所在的文件夹"))
        if folder is not None:
            self.load(sorted(p for p in folder.iterdir()
                             if p.suffix in (EXTENSION, ".zip") and p.is_file()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.load(paths)

    # --- running -------------------------------------------------------------------------

    def load(self, files: list[Path]) -> operations.Operation | None:
        """Dry run of ``files``: verdicts and diff, nothing written."""
        self.files = list(files)
        if not self.files:
            messages.info(self, self.tr("没有找到报送包。"))
            return None
        return self._run(apply=False)

    def apply(self) -> operations.Operation | None:
        if not self.files:
            return None
        return self._run(apply=True)

    def _run(self, apply: bool) -> operations.Operation:
        ctx, files, fp = self.ctx, list(self.files), self.fingerprint.text().strip()
        self.apply_button.setEnabled(False)

        def work(_cancel: operations.Cancel) -> importer.ImportOutcome:
            return importer.import_packets(ctx, files, apply=apply, fingerprint=fp)

        label = self.tr("正在导入…") if apply else self.tr("正在核验…")
        return operations.run(self, label, work, self.show_outcome, cancellable=False)

    def show_outcome(self, outcome: importer.ImportOutcome) -> None:
        self.outcome = outcome
        self.tree.clear()
        for p in outcome.packets:
            top = QTreeWidgetItem([p.path.name, str(importer.STATUS_LABELS[p.status]), ""])
            top.setBackground(1, QColor(COLOURS.get(p.status, "#ffffff")))
            self.tree.addTopLevelItem(top)
            for c in p.inspection.checks:
                item = QTreeWidgetItem([str(c.label), f"{_MARK[c.state]} ",
                                        str(c.msg)])
                item.setBackground(1, QColor(COLOURS[c.state]))
                top.addChild(item)
            for table, d in sorted(p.merge.diff.items()):
                if d.new or d.changed or d.deleted or d.refused:
                    top.addChild(QTreeWidgetItem([
                        self.tr("数据：") + str(table_label(table)), "",
                        self.tr("新增 {n}，修改 {c}，未变 {u}，删除 {d}，拒绝 {r}")
                        .replace("{n}", str(d.new)).replace("{c}", str(d.changed))
                        .replace("{u}", str(d.unchanged)).replace("{d}", str(d.deleted))
                        .replace("{r}", str(d.refused))]))
            for note in p.merge.notes:  # e.g. records restored from the city's copy
                top.addChild(QTreeWidgetItem([self.tr("恢复"), "", str(note)]))
            for w in p.shown_warnings():  # grouped, at most 50, then how many more
                top.addChild(QTreeWidgetItem([self.tr("警告"), "！", str(w)]))
            items = p.inspection.open_items
            if items:
                # The county sent the month anyway: what it knew was still missing.
                head = QTreeWidgetItem([self.tr("报送时未完成事项"), "！",
                                        self.tr("{0} 项（县级报送前已列出）")
                                        .replace("{0}", str(len(items)))])
                head.setBackground(1, QColor(COLOURS["warning"]))
                for it in items:
                    text = it.get("en" if language() == "en" else "zh", "")
                    head.addChild(QTreeWidgetItem([
                        f"{it.get('task_number', '')} {it.get('task_title', '')}", "",
                        str(text)]))
                top.addChild(head)
            top.setExpanded(p.status == "rejected" or len(outcome.packets) == 1)
        rejected = len(outcome.rejected)
        if outcome.applied:
            self.summary.setText(self.tr("已导入。"))
        elif rejected:
            self.summary.setText(self.tr("有 {0} 个报送包被拒绝。请移出后再导入其余报送包。")
                                 .replace("{0}", str(rejected)))
        else:
            self.summary.setText(self.tr("以上为预览，尚未写入。确认无误后点“确认导入”。"))
            self.apply_button.setEnabled(
                any(p.status != "already_imported" for p in outcome.packets))
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
