"""First run: a new county desk joins its city from the city's first packet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.plan import Deadline
from desktop.packets.build import export_city_packet
from desktop.services import keys
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import init_desk, open_desk
from desktop.ui import app as ui_app
from desktop.ui.firstrun import FirstRunDialog
from desktop.ui.packets.key_dialog import KeyCreateDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def city_packet(root: Path) -> tuple[Path, str]:
    """A city desk with one unit and one task for it; its first packet and key
    fingerprint."""
    with init_desk(root / "city", "city", "130600", "保定市整改办") as city:
        city.ledger.add_unit(code="130602", name="保定市竞秀区", kind="county")
        rid = city.ledger.add_round(name="第二轮", kind="provincial",
                                    feedback_date=date(2020, 3, 5)).value.uuid
        city.ledger.save_catalogue_task(rid, CatalogueTask(
            1, "河道垃圾", "河道垃圾问题。", "清洁", "1.清理；2.巡查", "", ("130602",), "李四",
            Deadline(date(2027, 3, 31)), "", ("130602",)))
        identity = keys.create(city, "市整改办口令2026", check_strength=False)
        packet = export_city_packet(city, identity, "130602", root / "usb").path
        return packet, str(keys.public_info(city)["fingerprint"])


def test_join_a_city_from_its_first_packet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           qtbot: QtBot) -> None:
    monkeypatch.setattr(keys, "scrypt_n", 2**12)
    packet, fingerprint = city_packet(tmp_path)
    tries: list[str] = []

    def accept(dialog: FirstRunDialog) -> int:
        if not tries:  # first a wrong fingerprint: the dialog stays, nothing is made
            dialog.join.setChecked(True)
            monkeypatch.setattr("desktop.ui.messages.open_file", lambda *_a: packet)
            dialog.choose_packet()
            assert "竞秀区" in dialog.packet_label.text()
            dialog.fingerprint.setText("AAAA BBBB CCCC DDDD EEEE FFFF GGGG HHHH")
            shot(dialog, "first-run-join")
            tries.append("wrong")
            return 1
        if len(tries) == 1:
            assert "指纹" in dialog.error.text()
            assert not (tmp_path / "county" / "ledger.sqlite3").exists()
            dialog.fingerprint.setText(fingerprint)
            tries.append("right")
            return 1
        return 0

    monkeypatch.setattr(FirstRunDialog, "exec", accept)
    monkeypatch.setattr(KeyCreateDialog, "exec", lambda self: 0)  # key later
    ctx = ui_app.first_run(tmp_path / "county")
    assert ctx is not None
    ctx.close()
    with open_desk(tmp_path / "county", lock=False) as county, county.store.read() as s:
        from sqlalchemy import select

        from db.models import Measure, Task
        assert (county.role, county.code, county.name) == ("county", "130602", "保定市竞秀区")
        assert [t.number for t in s.scalars(select(Task))] == [1]
        assert sorted(m.description for m in s.scalars(select(Measure))) == ["巡查", "清理"]
