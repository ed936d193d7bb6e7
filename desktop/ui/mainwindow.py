"""The main window: composes the views, the menus, the light counts and the reminder.
It holds no business logic; views talk to services through the Desk.

The ledger tab is built first and can paint from a desk that is still opening (see
``Desk``); the other views, which need the data layer, are imported and built once
the desk is open.  A clerk's double-click in between opens the task when it can.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.ui import messages, operations
from desktop.ui.desk import Desk, redo_keys
from desktop.ui.ledger_view import LedgerView
from desktop.ui.lightcounts import LightCounts
from desktop.ui.reminders import ReminderBanner

if TYPE_CHECKING:
    from desktop.ui.dashboard_view import DashboardView
    from desktop.ui.petitions_view import PetitionsView
    from desktop.ui.report_view import ReportView
    from desktop.ui.settings_dialog import SettingsDialog
    from desktop.ui.task_dialog import TaskDialog

# Menus other areas add to the window: (module, installer).
MENU_INSTALLERS = (
    ("desktop.ui.documents", "install_document_actions"),
    ("desktop.ui.packets", "install_packet_actions"),
)


# The ledger's rows (status, deadline in force, light, latest percent) come from these.
LEDGER_TABLES = frozenset({"task", "extension", "measure", "progress", "org_unit"})


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    # The desk was reopened (restore): menus of other areas hold the old context,
    # so the application builds the window afresh.
    rebuild = Signal()
    # The ledger has been painted once: work that would slow the first frame can start.
    first_painted = Signal()

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        # `rectdesk FILE.rdpkt`: the packet whose import preview opens once the desk is
        # open, and that preview (kept so it is not collected).
        self.packet_to_open: Path | None = None
        self.packet_dialog: QWidget | None = None
        self.task_windows: dict[str, TaskDialog] = {}
        self._waiting_task: str | None = None  # opened once the desk is open
        self._painted = self._area_menus = False
        self._reminded = False  # the banner has been filled once (after start-up)
        self.banner = ReminderBanner(self)
        self.ledger = LedgerView(desk, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.ledger, self.tr("台账"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.counts = LightCounts(self)
        self.desk_label = QLabel(self)
        self.statusBar().addWidget(self.desk_label, 1)
        self.statusBar().addPermanentWidget(self.counts)

        self.ledger.open_task.connect(self.open_task)
        self.ledger.counts_changed.connect(self.counts.set_counts)
        self.counts.light_clicked.connect(self.show_light)
        self.banner.show_overdue.connect(lambda: self.show_light("red"))
        self.banner.show_report.connect(self.show_report)
        self.banner.show_revisits.connect(self.show_revisits)
        # Light counts and days left move with every edit.
        desk.reload_on_change(self.ledger, self.ledger.reload, tables=LEDGER_TABLES)
        self._menus()
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(96 * em, 52 * em)
        self._show_desk()
        self.ledger.reload()
        if desk.is_open:
            self._build_views()
        else:
            desk.attached.connect(self._show_desk)  # drops "opening…"
            desk.attached.connect(self._build_views)

    def _build_views(self) -> None:
        """The views that need the data layer, once the desk is open."""
        from desktop.ui.dashboard_view import DashboardView
        from desktop.ui.petitions_view import PetitionsView
        from desktop.ui.report_view import ReportView
        from desktop.ui.supervision_view import SupervisionView

        desk = self.desk
        self.report: ReportView = ReportView(desk, self)
        self.petitions: PetitionsView = PetitionsView(desk, self)
        self.dashboard: DashboardView = DashboardView(desk, self)
        self.tabs.addTab(self.report, self.tr("月报"))
        self.tabs.addTab(self.petitions, self.tr("信访件"))
        self.tabs.addTab(self.dashboard, self.tr("概览"))
        self.supervision: SupervisionView = SupervisionView(desk, self)
        self.tabs.addTab(self.supervision, self.tr("督办"))
        self.supervision.waiting.connect(self._show_waiting_notices)
        # From the month's report a task opens on its progress, the reason it was opened.
        self.report.open_task.connect(lambda uuid: self.open_task(uuid, "progress"))
        from desktop.ui.indicator_view import IndicatorView

        self.indicators = IndicatorView(desk, self)
        self.tabs.addTab(self.indicators, self.tr("指标"))
        if desk.is_city:  # the city's view of its plan (issue 11)
            from desktop.ui.catalogue_view import CatalogueView
            from desktop.ui.plan_view import PlanView

            self.catalogue = CatalogueView(desk, self)
            self.tabs.addTab(self.catalogue, self.tr("任务清单"))
            self.plan = PlanView(desk, self)
            self.tabs.addTab(self.plan, self.tr("整改方案"))
            self.plan.open_task.connect(self.open_task)
            setup = QAction(self.tr("督察轮次、所辖单位与指标…"), self)
            setup.triggered.connect(self.open_plan_setup)
            self.file_menu.insertAction(self.file_menu.actions()[0], setup)
        for i in range(self.tabs.count()):
            action = QAction(self.tabs.tabText(i), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, n=i: self.tabs.setCurrentIndex(n))
            self.view_menu.addAction(action)
        for action in self.open_desk_actions:
            action.setEnabled(True)
        self.report.reload()
        self.petitions.reload()
        self.supervision.reload()
        # "N 项任务尚未填写进展" and the days left move with every edit, like the lights.
        desk.reload_on_change(self.banner, self.show_reminders,
                              when=lambda: self._reminded)
        if self._painted:
            self.install_area_menus()
        if self._waiting_task:
            self.open_task(self._waiting_task)

    def _show_waiting_notices(self, count: int) -> None:
        """The 督办 tab says how many notices wait for this desk."""
        index = self.tabs.indexOf(self.supervision)
        title = self.tr("督办")
        self.tabs.setTabText(index, f"{title}（{count}）" if count else title)

    def _menus(self) -> None:
        file = self.file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        settings = QAction(self.tr("设置…"), self)
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        backup = QAction(self.tr("立即备份"), self)
        backup.triggered.connect(self.backup_now)
        quit_action = QAction(self.tr("退出"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file.addActions([settings, backup])
        file.addSeparator()
        file.addAction(quit_action)
        edit = self.menuBar().addMenu(self.tr("编辑(&E)"))
        undo = self.desk.undo.createUndoAction(self, self.tr("撤销"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.desk.undo.createRedoAction(self, self.tr("重做"))
        redo.setShortcuts(redo_keys())
        find = QAction(self.tr("查找任务"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        edit.addActions([undo, redo, find])
        self.view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))  # filled with the views
        # Last in the bar even after other areas add theirs (Qt keeps menu-bar order,
        # so it is added once those are in; see install_area_menus).
        self.help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于…"), self)
        about.triggered.connect(self.open_about)
        self.help_menu.addAction(about)
        self.undo_action, self.redo_action = undo, redo
        self.open_desk_actions = [settings, backup]  # enabled once the desk is open
        for action in self.open_desk_actions:
            action.setEnabled(self.desk.is_open)
        # Other areas' menus pull in openpyxl and reportlab (about a second): add them
        # once the ledger has been painted, so the clerk is not kept waiting.
        self.ledger.table.first_painted.connect(self._ledger_painted)

    def _ledger_painted(self) -> None:
        self._painted = True
        self.first_painted.emit()
        if self.desk.is_open:
            self.install_area_menus()

    def install_area_menus(self) -> None:
        if self._area_menus:
            return
        self._area_menus = True
        # Import off the GUI thread (pure Python imports, no widgets made there), then
        # add the menus here.
        operations.in_background(lambda _c: _import_installers(), self._add_area_menus)

    def _add_area_menus(self, installers: list[Callable[..., None]]) -> None:
        if not isValid(self):  # closed, or rebuilt in another language, meanwhile
            return
        for install in installers:
            install(self, self.desk.ctx)
        bar = self.menuBar()  # 帮助 stays the last menu
        bar.removeAction(self.help_menu.menuAction())
        bar.addAction(self.help_menu.menuAction())

    # --- data ---
    def _show_desk(self) -> None:
        desk = self.desk
        role = self.tr("市级") if desk.is_city else self.tr("县级")
        # Qt adds the program's name (整改台账) itself; a demo desk's name already
        # says 演示 (demo data), so only a demo without it is marked.
        title = desk.name
        if desk.demo and "演示" not in title and "demo" not in title.lower():
            title += self.tr("（演示）")
        self.setWindowTitle(title)
        values = (desk.name, desk.code, role, desk.today.isoformat())
        # One pass, so a "%2" inside a unit's name is left alone.
        line = re.sub(r"%(\d)", lambda m: values[int(m[1]) - 1],
                      self.tr("%1（%2，%3）  今天 %4"))
        # Said in the desk line: a status-bar message would be drawn over the line.
        opening = "" if desk.is_open else "    " + self.tr("正在打开台账…")
        self.desk_label.setText(line + opening)

    def show_reminders(self) -> None:
        from desktop.services import reporting

        desk = self.desk
        rows = None if self.ledger.loading else self.ledger.model.rows  # None: read them
        unit = None if desk.is_city else desk.code
        r = desk.fetch(lambda s: reporting.reminders(s, desk.today, desk.ctx.settings, unit,
                                                     rows=rows))
        self.banner.set_reminders(r)
        self._reminded = True

    def show_revisits(self) -> None:
        """Revisits due and overdue across tasks and petitions (回头看)."""
        from desktop.ui.revisits_view import revisits_dialog

        revisits_dialog(self.desk, self).exec()

    # --- actions ---
    def open_task(self, uuid: str, tab: str | None = None) -> TaskDialog | None:
        if not self.desk.is_open:
            self._waiting_task = uuid
            return None
        from desktop.ui.task_dialog import TaskDialog

        self._waiting_task = None
        dialog = self.task_windows.get(uuid)
        if dialog is None:
            dialog = TaskDialog(self.desk, uuid, self)
            dialog.finished.connect(lambda _r, u=uuid: self._task_closed(u))
            self.task_windows[uuid] = dialog
        if tab in dialog.lists:
            dialog.tabs.setCurrentWidget(dialog.lists[tab])
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _task_closed(self, uuid: str) -> None:
        dialog = self.task_windows.pop(uuid, None)
        if dialog is not None:
            dialog.deleteLater()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.focus_search()

    def show_light(self, light: str) -> None:
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.set_light(light)

    def show_report(self, period: str) -> None:
        if not self.desk.is_open:
            return
        self.tabs.setCurrentWidget(self.report)
        self.report.set_period(period)

    def open_settings(self) -> SettingsDialog:
        from desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.desk, self)
        dialog.restored.connect(lambda _src: self.reopen())
        dialog.language_changed.connect(self.language_changed)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def open_about(self) -> QDialog:
        from desktop.ui.about import AboutDialog

        desk = self.desk
        home = desk.ctx.paths.home if desk.is_open else desk.peek.paths.home  # type: ignore[union-attr]
        dialog = AboutDialog(home, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_plan_setup(self) -> QDialog:
        from desktop.ui.plan_setup import PlanSetupDialog

        dialog = PlanSetupDialog(self.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def backup_now(self) -> operations.Operation:
        from desktop.services import backups

        ctx = self.desk.ctx
        return operations.run(
            self, self.tr("正在备份…"), lambda _c: backups.make_backup(ctx),
            lambda path: self.statusBar().showMessage(
                self.tr("已备份到 %1").replace("%1", str(path)), 8000),
            cancellable=False)

    def reopen(self) -> None:
        """After a restore the database under the desk changed: open it afresh."""
        from desktop.services.desk import open_desk

        home = self.desk.ctx.paths.home
        for dialog in list(self.task_windows.values()):
            dialog.close()
        self.desk.ctx.close()
        try:
            ctx = open_desk(home, lock=True)
        except Exception as e:
            messages.error(self, e)
            self.close()
            return
        self.desk.replace_context(ctx)
        self.rebuild.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in list(self.task_windows.values()):
            dialog.close()
        super().closeEvent(event)


def _import_installers() -> list[Callable[..., None]]:
    """The areas' menu installers (imported late: they pull in openpyxl and reportlab)."""
    return [getattr(importlib.import_module(m), name) for m, name in MENU_INSTALLERS]
