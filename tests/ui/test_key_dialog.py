"""Creating the desk's signing key in the window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services import keys
from desktop.services.desk import init_desk
from desktop.ui.packets.key_dialog import KeyCreateDialog
from desktop.ui.packets.trust_dialog import TrustDialog
from tests.ui.conftest import Dialogs, shot

pytestmark = pytest.mark.qt


def test_key_created_with_checks(tmp_path: Path, qtbot: QtBot, dialogs: Dialogs,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "scrypt_n", 2**4, raising=False)  # keep the test quick
    ctx = init_desk(tmp_path / "d", "county", "130607", "满城区整改办")
    try:
        trust = TrustDialog(ctx)
        qtbot.addWidget(trust)
        assert not trust.create_key.isHidden() and not trust.export_key.isEnabled()
        dialog = KeyCreateDialog(ctx, trust)
        qtbot.addWidget(dialog)
        dialog.passphrase.setText("abcdefgh")
        dialog.again.setText("abcdefgX")
        dialog.create()
        assert "不一致" in dialog.error.text() and not keys.exists(ctx)
        dialog.again.setText("abc")
        dialog.passphrase.setText("abc")
        dialog.create()
        assert "至少需要 8 个字符" in dialog.error.text() and not keys.exists(ctx)
        shot(dialog, "key-create")
        dialog.passphrase.setText("满城区整改办口令")  # the unit's name: easy to guess
        dialog.again.setText("满城区整改办口令")
        dialog.create()
        assert "口令太容易被猜中" in dialog.error.text() and not keys.exists(ctx)
        shot(dialog, "key-create-weak")
        dialog.passphrase.setText("lanse-yueliang-shuiniu-77")
        dialog.again.setText("lanse-yueliang-shuiniu-77")
        dialog.create()
        assert keys.exists(ctx)
        assert dialogs.shown[-1][0] == "info" and dialog.fingerprint in dialogs.shown[-1][1]
        trust.refresh()
        assert trust.create_key.isHidden() and trust.export_key.isEnabled()
        dialogs.folder = tmp_path / "out"
        dialogs.folder.mkdir()
        trust._export_key()
        assert (dialogs.folder / "130607.pub").exists()
        shot(trust, "packet-trust-own-key")
    finally:
        ctx.close()
