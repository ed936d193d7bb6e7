"""The 文档 menu: monthly report, ledger workbook (out and back in), public notice,
close-out certificate.

Every document is built off the GUI thread (desktop.ui.operations), then previewed;
workbooks go straight to the file the clerk chose.  An edited ledger workbook is
checked off the thread too, and shown in ImportPreviewDialog before anything is
written.  Certificates are previewed as a draft first; 出具 issues (number, audit)
and writes the file in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMainWindow

from db.models import Task
from desktop import clock
from desktop.exports import certificate, disclosure_pdf, excel_import, monthly_report
from desktop.exports.disclosure_xlsx import export_disclosure
from desktop.exports.excel_ledger import export_ledger
from desktop.services import reporting
from desktop.services.desk import DeskContext
from desktop.services.records import get
from desktop.ui import messages, operations
from desktop.ui.documents.import_dialog import ImportPreviewDialog
from desktop.ui.documents.preview import PdfPreviewDialog
from desktop.ui.translations import QT_TRANSLATE_NOOP

XLSX_FILTER = "Excel (*.xlsx)"


def progress_for(cancel: operations.Cancel) -> Callable[[int, int], None]:
    """An export's progress callback: shown in the dialog, and it stops the work when
    Cancel is pressed."""

    def progress(done: int, total: int) -> None:
        if cancel.requested:
            raise operations.Cancelled
        cancel.progress(done, total)

    return progress


class DocumentActions:
    def __init__(self, window: QMainWindow, ctx: DeskContext) -> None:
        self.window, self.ctx = window, ctx
        self.previews: list[PdfPreviewDialog] = []  # open, non-modal previews
        self.import_dialog: ImportPreviewDialog | None = None  # the last import check

    def tr(self, text: str) -> str:
        """This menu's words in the window's language (catalogue context DocumentActions)."""
        return QCoreApplication.translate("DocumentActions", text)

    # ---- menu ---------------------------------------------------------------------
    def install(self) -> None:
        menu = self.window.menuBar().addMenu(self.tr("文档(&D)"))
        items: list[tuple[str, Callable[[], object]]] = [
            (QT_TRANSLATE_NOOP("DocumentActions", "月报 PDF…"), self.monthly_report),
            (QT_TRANSLATE_NOOP("DocumentActions", "台账 Excel…"), self.ledger_workbook),
            (QT_TRANSLATE_NOOP("DocumentActions", "导入台账 Excel…"), self.import_ledger),
            (QT_TRANSLATE_NOOP("DocumentActions", "公示 PDF…"), self.disclosure_pdf),
            (QT_TRANSLATE_NOOP("DocumentActions", "公示 Excel…"), self.disclosure_workbook),
            (QT_TRANSLATE_NOOP("DocumentActions", "销号证明（选中任务）…"), self.certificate),
        ]
        for text, slot in items:
            action = QAction(self.tr(text), self.window)
            action.triggered.connect(lambda _c=False, s=slot: s())
            menu.addAction(action)
        self.menu = menu

    # ---- helpers ------------------------------------------------------------------
    def _start(self) -> str:
        return str(self.ctx.paths.exports)

    def _run(self, label: str, fn: Callable[[operations.Cancel], Any],
             on_done: Callable[[Any], object]) -> operations.Operation:
        return operations.run(self.window, self.tr(label), fn, on_done)

    def show_preview(self, pdf: bytes, title: str, name: str,
                     on_printed: Callable[[], None] | None = None) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, str(Path(self._start()) / name), self.window,
                                  on_printed=on_printed)
        self.previews.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.previews.remove(d))
        dialog.show()
        return dialog

    # ---- documents ----------------------------------------------------------------
    def monthly_report(self, period: str | None = None) -> operations.Operation | None:
        if period is None:
            choices = reporting.period_choices(clock.today())
            default = choices.index(monthly_report.default_period(self.ctx)) \
                if monthly_report.default_period(self.ctx) in choices else 0
            period, ok = QInputDialog.getItem(self.window, self.tr("月报 PDF"),
                                              self.tr("月份："), choices, default, False)
            if not ok:
                return None
        chosen = period
        return self._run(
            QT_TRANSLATE_NOOP("DocumentActions", "正在生成月报…"),
            lambda cancel: monthly_report.monthly_report_bytes(
                self.ctx, chosen, progress=progress_for(cancel)),
            lambda pdf: self.show_preview(pdf, monthly_report.report_title(chosen),
                                          f"{self.ctx.name}{chosen}月报.pdf"),
        )

    def disclosure_pdf(self) -> operations.Operation:
        return self._run(
            QT_TRANSLATE_NOOP("DocumentActions", "正在生成公示…"),
            lambda _cancel: disclosure_pdf.disclosure_pdf_bytes(self.ctx),
            lambda pdf: self.show_preview(pdf, disclosure_pdf.TITLE, "公示.pdf"),
        )

    def _workbook(self, title: str, name: str,
                  write: Callable[[Path, operations.Cancel], object]) -> None:
        path = messages.save_file(self.window, self.tr(title),
                                  str(Path(self._start()) / name), XLSX_FILTER)
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        self._run(QT_TRANSLATE_NOOP("DocumentActions", "正在导出…"),
                  lambda cancel: write(path, cancel),
                  lambda _r: messages.info(self.window, self.tr("已导出：") + str(path)))

    def ledger_workbook(self) -> None:
        self._workbook(QT_TRANSLATE_NOOP("DocumentActions", "台账 Excel"), "台账.xlsx",
                       lambda path, cancel: export_ledger(
                           self.ctx, path, progress=progress_for(cancel)))

    def disclosure_workbook(self) -> None:
        self._workbook(QT_TRANSLATE_NOOP("DocumentActions", "公示 Excel"), "公示.xlsx",
                       lambda path, cancel: export_disclosure(
                           self.ctx, path, progress=progress_for(cancel)))

    # ---- import ---------------------------------------------------------------------
    def import_ledger(self, path: Path | None = None) -> operations.Operation | None:
        """Check an edited ledger workbook (nothing written), then show the check."""
        if path is None:
            path = messages.open_file(self.window, self.tr("导入台账 Excel"), self._start(),
                                      XLSX_FILTER)
            if path is None:
                return None
        chosen = Path(path)
        return self._run(
            QT_TRANSLATE_NOOP("DocumentActions", "正在检查工作簿…"),
            lambda cancel: excel_import.plan_import(self.ctx, chosen,
                                                    progress=progress_for(cancel)),
            lambda plan: self._show_import(chosen, plan),
        )

    def _show_import(self, path: Path, plan: excel_import.ImportPlan) -> ImportPreviewDialog:
        if self.import_dialog is not None:
            self.import_dialog.close()
        dialog = ImportPreviewDialog(self.ctx, path, plan, self.window,
                                     desk=getattr(self.window, "desk", None))
        self.import_dialog = dialog
        dialog.show()
        return dialog

    # ---- certificate --------------------------------------------------------------
    def selected_task(self) -> str | None:
        ledger = getattr(self.window, "ledger", None)
        current = getattr(ledger, "current_uuid", None)
        return current() if callable(current) else None

    def certificate(self, task_uuid: str | None = None) -> operations.Operation | None:
        task_uuid = task_uuid or self.selected_task()
        if task_uuid is None:
            messages.info(self.window, self.tr("请先在台账中选中一项任务。"))
            return None
        return self._run(
            QT_TRANSLATE_NOOP("DocumentActions", "正在生成销号证明预览…"),
            lambda _cancel: certificate.certificate_bytes(self.ctx, task_uuid, draft=True)[0],
            lambda pdf: self._certificate_preview(task_uuid, pdf),
        )

    def _certificate_preview(self, task_uuid: str, draft: bytes) -> PdfPreviewDialog:
        dialog = self.show_preview(draft, self.tr("销号证明（预览稿）"), "销号证明.pdf")
        dialog.print_button.setEnabled(False)  # a draft is not printed as a certificate
        issue = dialog.add_button(self.tr("出具…"), lambda: self.issue(dialog, task_uuid))
        dialog.issue_button = issue  # type: ignore[attr-defined]
        return dialog

    def issue(self, dialog: PdfPreviewDialog, task_uuid: str) -> None:
        """Issue (or re-print) to a file the clerk chooses, then show the issued PDF."""
        path = messages.save_file(dialog, self.tr("出具销号证明"), dialog.suggested_name,
                                  "PDF (*.pdf)")
        if path is None:
            return
        with self.ctx.store.read() as s:
            task = get(s, Task, task_uuid)
            number, unit = task.number, task.unit_code
        try:
            issued = certificate.write_certificate(self.ctx, number, path, unit=unit,
                                                   reason="图形界面出具")
        except Exception as e:  # refusal names every unmet condition
            messages.error(dialog, e)
            return
        assert issued is not None
        dialog.set_pdf(path.read_bytes())
        dialog.setWindowTitle(issued.number)
        dialog.print_button.setEnabled(True)
        dialog.on_printed = lambda: self._record_print(issued.number)
        desk = getattr(self.window, "desk", None)
        if desk is not None and hasattr(desk, "changed"):
            desk.changed.emit(task_uuid)
        what = self.tr("重新打印：") if issued.reprint else self.tr("已出具：")
        saved = self.tr("已保存：")
        messages.info(dialog, f"{what}{issued.number}\n{saved}{path}")

    def _record_print(self, number: str) -> None:
        self.ctx.ledger.record_print(number, "图形界面打印")
