from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui import prefs
from desktop.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def dialog(desk, qtbot: QtBot) -> SettingsDialog:
    d = SettingsDialog(desk)
    qtbot.addWidget(d)
    return d


def test_save_settings_and_bad_value_beside_field(dialog: SettingsDialog, desk) -> None:
    dialog.window_days.setValue(45)
    dialog.revisits.setText("3,九")
    assert not dialog.save()
    assert "回头看间隔" in dialog.errors["revisit_months"].text()
    shot(dialog, "settings")
    dialog.revisits.setText("6，12")
    assert dialog.save()
    assert desk.ctx.settings.warning_window_days == 45
    assert desk.ctx.settings.revisit_months == (6, 12)


def test_data_folder_choice_kept_for_next_start(dialog: SettingsDialog, dialogs,
                                                 tmp_path) -> None:
    dialogs.folder = tmp_path / "elsewhere"
    dialog.change_folder()
    assert prefs.data_folder() == str(tmp_path / "elsewhere")
    assert "下次启动" in dialog.folder_note.text()


def test_backup_now_then_restore(dialog: SettingsDialog, desk, dialogs, qtbot: QtBot) -> None:
    op = dialog.make_backup()
    with qtbot.waitSignal(op.finished, timeout=10_000):
        pass
    assert dialog.backup_list.count() == 1
    dialog.backup_list.setCurrentRow(0)
    restored: list[object] = []
    dialog.restored.connect(restored.append)
    op = dialog.restore_selected()
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=10_000) as blocker:
        pass
    assert blocker.args[0] is True, dialogs.shown
    assert restored and dialogs.shown[0][0] == "confirm"


def test_settings_in_english(desk, qtbot: QtBot, english) -> None:
    d = SettingsDialog(desk)
    qtbot.addWidget(d)
    assert d.windowTitle() == "Settings"
    shot(d, "settings")
