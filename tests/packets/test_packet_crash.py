"""The export's commit and the packet file cannot disagree after a crash: a packet
recorded but left under its temporary name by a crash is finished by the next export,
and a temporary packet file without a record is removed (it was never sent)."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import select

from db.models import PacketRecord
from desktop.packets import build, importer
from desktop.services import keys
from tests.packets.conftest import CITY, COUNTY_A, PASSPHRASE, Desks, enrol


class Killed(BaseException):
    """The process dies: no handler after this point runs."""


def test_a_crash_after_the_commit_is_finished_by_the_next_export(
    desks: Desks, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = desks.tmp / "usb"
    a, city = desks.open(COUNTY_A), desks.open(CITY)
    try:
        identity = keys.load(a, PASSPHRASE)

        def crash(_result: build.ExportResult) -> None:
            raise Killed

        monkeypatch.setattr(build, "_publish", crash)
        with pytest.raises(Killed):
            build.export_county_packet(a, identity, "2026-10", out)
        monkeypatch.undo()
        first = out / "130602_2026-10_seq0001.rdpkt"
        assert not first.exists() and (out / f".{first.name}.partial").is_file()
        with a.store.read() as s:
            assert [r.sequence for r in s.scalars(select(PacketRecord))] == [1]

        # Never committed: a temporary file of this desk with no record; and another
        # desk's file in the same folder, which is not ours to judge.
        orphan = out / ".130602_2026-10_seq0007.rdpkt.partial"
        orphan.write_bytes(b"half a packet")
        other = out / ".130606_2026-11_seq0003.rdpkt.partial"
        other.write_bytes(b"another county's export in progress")

        second = build.export_county_packet(a, identity, "2026-11", out)
        assert first.is_file() and second.path.name == "130602_2026-11_seq0002.rdpkt"
        assert not (out / f".{first.name}.partial").exists()
        assert not orphan.exists() and other.exists()
        if os.name == "posix":  # the packet carries the ledger's data: this user's only
            assert {stat.S_IMODE(p.stat().st_mode) for p in (first, second.path)} == {0o600}

        # Both reach the city, in order: nothing is missing from the chain.
        enrol(city, a, desks.tmp / "enrol")
        done = importer.import_packets(city, [first, second.path], apply=True)
        assert [p.status for p in done.packets] == ["accepted", "accepted"], \
            [(p.status, p.reason) for p in done.packets]
    finally:
        a.close()
        city.close()


def test_a_crash_before_the_commit_leaves_no_packet(desks: Desks,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = desks.tmp / "usb"
    a = desks.open(COUNTY_A)
    try:
        identity = keys.load(a, PASSPHRASE)
        real_log = build.audit.log_event

        def crash(*args: object, **kw: object) -> None:
            raise RuntimeError("disk gone")  # inside the transaction: rolled back

        monkeypatch.setattr(build.audit, "log_event", crash)
        with pytest.raises(RuntimeError):
            build.export_county_packet(a, identity, "2026-10", out)
        monkeypatch.setattr(build.audit, "log_event", real_log)
        assert not out.exists() or list(out.iterdir()) == []
        again = build.export_county_packet(a, identity, "2026-10", out)
        assert again.manifest.sequence == 1 and again.path.is_file()
    finally:
        a.close()
