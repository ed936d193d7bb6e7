"""Every refused packet: the clerk's message, and proof that nothing was written."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import PacketRecord
from desktop.packets import importer
from desktop.packets import manifest as mf
from desktop.packets.safezip import Limits
from desktop.services.desk import DeskContext
from tests.packets.conftest import COUNTY_A, COUNTY_B, Packets, dump, enrol_file
from tests.packets.forge import (
    patch_central_size,
    raw_zip,
    read_entries,
    resign,
    symlink_info,
    write_entries,
)

Maker = Callable[[Packets, Path], Path]


def _changed_byte(p: Packets, out: Path) -> Path:
    entries = read_entries(p.seq[1])
    pdf = bytearray(entries[mf.PDF_ENTRY])
    pdf[len(pdf) // 2] ^= 0x01
    return write_entries(out, {**entries, mf.PDF_ENTRY: bytes(pdf)})


def _changed_data(p: Packets, out: Path) -> Path:
    entries = read_entries(p.seq[1])
    data = entries[mf.DATA_ENTRY].replace("本月无新进展".encode(), "本月有新进展".encode(), 1)
    assert data != entries[mf.DATA_ENTRY]
    return write_entries(out, {**entries, mf.DATA_ENTRY: data})


def _flipped_file_byte(p: Packets, out: Path) -> Path:
    raw = bytearray(p.seq[1].read_bytes())
    with zipfile.ZipFile(p.seq[1]) as z:
        info = z.getinfo(mf.DATA_ENTRY)
    raw[info.header_offset + 30 + len(mf.DATA_ENTRY) + 100] ^= 0xFF  # inside deflated data
    out.write_bytes(bytes(raw))
    return out


def _added(p: Packets, out: Path) -> Path:
    return write_entries(out, {**read_entries(p.seq[1]), "notes.txt": b"extra"})


def _removed(p: Packets, out: Path) -> Path:
    entries = read_entries(p.seq[1])
    del entries[mf.XLSX_ENTRY]
    return write_entries(out, entries)


def _renamed(p: Packets, out: Path) -> Path:
    entries = read_entries(p.seq[1])
    entries["ledger-renamed.xlsx"] = entries.pop(mf.XLSX_ENTRY)
    return write_entries(out, entries)


def _other_county(p: Packets, out: Path) -> Path:
    # County B's key signs a perfectly formed manifest that says it comes from A.
    return write_entries(out, resign(read_entries(p.seq[1]), p.identity_b))


def _escaping(p: Packets, out: Path) -> Path:
    return raw_zip(out, [*read_entries(p.seq[1]).items(), ("../../etc/cron.d/x", b"boom")])


def _link(p: Packets, out: Path) -> Path:
    return raw_zip(out, [*read_entries(p.seq[1]).items(), (symlink_info("evidence/x"), b"/etc")])


def _duplicate(p: Packets, out: Path) -> Path:
    entries = read_entries(p.seq[1])
    items = [*entries.items(), (mf.DATA_ENTRY.upper(), entries[mf.DATA_ENTRY])]
    return raw_zip(out, items)


def _lying_size(p: Packets, out: Path) -> Path:
    out.write_bytes(patch_central_size(p.seq[1].read_bytes(), mf.DATA_ENTRY, -10))
    return out


def _bomb(p: Packets, out: Path) -> Path:
    zeros = b"\0" * (8 * 1024 * 1024)
    return raw_zip(out, [*read_entries(p.seq[1]).items(), ("evidence/" + "0" * 64, zeros)])


def _not_a_zip(p: Packets, out: Path) -> Path:
    out.write_bytes(b"%PDF-1.7 this is not a packet" * 10)
    return out


CASES: dict[str, tuple[Maker, str]] = {
    "byte changed in an entry": (_changed_byte, "校验值不符"),
    "data edited": (_changed_data, "校验值不符"),
    "byte flipped in the file": (_flipped_file_byte, "损坏"),
    "entry added": (_added, "签名清单之外"),
    "entry removed": (_removed, "缺少签名清单中列出的文件"),
    "entry renamed": (_renamed, "改名"),
    "signed by one county for another": (_other_county, "不能替另一个单位报送"),
    "entry escapes the folder": (_escaping, "不安全的文件名"),
    "link": (_link, "链接文件"),
    "duplicate names": (_duplicate, "重名"),
    "lying size": (_lying_size, "大小与登记的大小不符"),
    "compression bomb": (_bomb, "压缩炸弹"),
    "not a zip": (_not_a_zip, "不是有效的报送包"),
}


@pytest.fixture
def enrolled_city(city: DeskContext, packets: Packets) -> DeskContext:
    enrol_file(city, packets.enrol, COUNTY_A)
    enrol_file(city, packets.enrol, COUNTY_B)
    return city


def _assert_refused(city: DeskContext, files: list[Path], expected: str, **kw: object) -> None:
    before = dump(city)
    outcome = importer.import_packets(city, files, apply=True, **kw)  # type: ignore[arg-type]
    assert not outcome.applied
    bad = outcome.rejected[-1]
    refusal = bad.inspection.refusal
    assert refusal is not None
    assert expected in refusal.msg.zh, refusal.msg.zh
    assert dump(city) == before


@pytest.mark.parametrize("case", list(CASES))
def test_refused(case: str, enrolled_city: DeskContext, packets: Packets, tmp_path: Path) -> None:
    make, expected = CASES[case]
    _assert_refused(enrolled_city, [make(packets, tmp_path / "bad.rdpkt")], expected)


def test_unknown_key(city: DeskContext, packets: Packets) -> None:
    _assert_refused(city, [packets.seq[1]], "未登记")


def test_over_size_limit(enrolled_city: DeskContext, packets: Packets) -> None:
    _assert_refused(enrolled_city, [packets.seq[1]], "过大", limits=Limits(max_file_size=4096))


def test_replayed_sequence(enrolled_city: DeskContext, packets: Packets) -> None:
    first = importer.import_packets(enrolled_city, [packets.seq[2]], apply=True)
    assert first.packets[0].status == "accepted_with_warnings"  # first contact at seq 2
    _assert_refused(enrolled_city, [packets.seq[1]], "旧包重放")


def test_skipped_sequence_is_shown_not_fatal(enrolled_city: DeskContext,
                                            packets: Packets) -> None:
    """A county packet is a full snapshot: after a lost packet 2, packet 3 is taken, the
    gap is shown and recorded, and packet 2 arriving later is a replay."""
    assert importer.import_packets(enrolled_city, [packets.seq[1]], apply=True).applied
    outcome = importer.import_packets(enrolled_city, [packets.seq[3]], apply=True)
    assert outcome.applied
    got = outcome.packets[0]
    assert got.status == "accepted_with_warnings" and got.inspection.gap == (2, 2)
    assert any("第 2 号未收到" in w.zh for w in got.warnings)
    with enrolled_city.store.read() as s:
        rec = s.scalars(select(PacketRecord).where(PacketRecord.sequence == 3)).one()
        assert rec.report["gap"] == [2, 2]
    _assert_refused(enrolled_city, [packets.seq[2]], "旧包重放")


def test_a_bad_packet_stops_the_whole_batch(enrolled_city: DeskContext, packets: Packets,
                                            tmp_path: Path) -> None:
    bad = _added(packets, tmp_path / "bad.rdpkt")
    _assert_refused(enrolled_city, [packets.seq[1], bad], "签名清单之外")


def test_batch_in_any_order_follows_the_chain(enrolled_city: DeskContext,
                                              packets: Packets) -> None:
    outcome = importer.import_packets(
        enrolled_city, [packets.seq[3], packets.seq[1], packets.seq[2]], apply=True)
    assert [p.status for p in outcome.packets] == ["accepted"] * 3


def test_replaced_key_is_refused(enrolled_city: DeskContext, packets: Packets,
                                 tmp_path: Path) -> None:
    import json

    from desktop.packets import trust
    from desktop.signing.identity import create_identity, enrolment_document

    new = create_identity(COUNTY_A, "竞秀区整改办", "new-passphrase")
    enrolment = trust.parse_enrolment(json.dumps(enrolment_document(new)).encode())
    with enrolled_city.store.write() as s, pytest.raises(Exception, match="--replace"):
        trust.add(s, enrolled_city.code, "city", enrolment, new.fingerprint)
    with enrolled_city.store.write() as s:
        assert trust.add(s, enrolled_city.code, "city", enrolment, new.fingerprint,
                         replace=True) == "replaced"
    _assert_refused(enrolled_city, [packets.seq[1]], "被更换")
