"""What the city deletes is deleted at the county by its next packet: a city packet
sends the city's extensions and the petitions it registered whole every time and says
so in its data (``complete``). Never a county record, never a record of another table
or another unit, never a record something kept still refers to; a packet that claims
more than it may is refused, and one from a city desk that claims nothing deletes
nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db import audit
from db.models import Extension, PeriodLock, Petition, Record, Task
from desktop.commands.packets import _print_import
from desktop.packets import build, importer
from desktop.packets import manifest as mf
from desktop.packets.scope import CITY_TABLES, city_snapshot
from desktop.services import keys, petitions, records
from desktop.services.desk import DeskContext
from tests.packets.conftest import CITY, COUNTY_A, COUNTY_B, PASSPHRASE, Desks, dump, enrol
from tests.packets.forge import read_entries, resign, write_entries

DELTA_TABLES = [m.__tablename__ for m in CITY_TABLES
                if m.__tablename__ not in mf.CITY_COMPLETE_TABLES]


@dataclass
class Back:
    """The city and county A, with the city's first packet to A imported there."""

    city: DeskContext
    county: DeskContext
    identity: Any
    out: Path

    def send(self) -> Path:
        return build.export_city_packet(self.city, self.identity, COUNTY_A, self.out).path

    def dry(self, packet: Path) -> importer.PacketOutcome:
        before = dump(self.county)
        outcome = importer.import_packets(self.county, [packet])
        assert dump(self.county) == before  # a dry run writes nothing, deletions included
        return outcome.packets[0]

    def apply(self, packet: Path) -> importer.PacketOutcome:
        outcome = importer.import_packets(self.county, [packet], apply=True)
        assert outcome.applied, [str(w) for p in outcome.packets for w in p.warnings]
        with self.county.store.read() as s:
            assert audit.verify(s).ok
        return outcome.packets[0]

    def refused(self, packet: Path) -> str:
        """Import ``packet`` for real: it must be refused with nothing written."""
        before = dump(self.county)
        outcome = importer.import_packets(self.county, [packet], apply=True)
        assert not outcome.applied and outcome.packets[0].status == "rejected"
        assert dump(self.county) == before
        refusal = outcome.packets[0].inspection.refusal
        assert refusal is not None and refusal.code == "data"
        return refusal.msg.zh


@pytest.fixture
def back(desks: Desks) -> Iterator[Back]:
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        b = Back(city, county, keys.load(city, PASSPHRASE), desks.tmp / "usb")
        fp = keys.public_info(city)["fingerprint"]
        first = importer.import_packets(county, [b.send()], apply=True, fingerprint=fp)
        assert first.applied
        assert all(d.deleted == 0 for d in first.packets[0].merge.diff.values())
        yield b
    finally:
        city.close()
        county.close()


def _task(ctx: DeskContext, unit: str, number: int) -> str:
    with ctx.store.read() as s:
        return s.scalars(select(Task.uuid).where(Task.unit_code == unit,
                                                 Task.number == number)).one()


def _city_adds(back: Back, case_no: str = "市信2026-901") -> tuple[str, str]:
    """The city clerk grants an extension on a task of A and registers a petition for
    A; the next packet takes both to the county."""
    task = _task(back.city, COUNTY_A, 2)
    with back.city.store.write() as s:
        ext = Extension(task_uuid=task, requested_on=date(2026, 11, 2),
                        new_deadline=date(2027, 3, 31), reason="市级批准延期", approved=True,
                        owner=CITY)
        s.add(ext)
        pet = petitions.register(s, CITY, COUNTY_A, {"case_no": case_no,
                                                     "content": "河道有异味。"})
        s.flush()
        uuids = ext.uuid, pet.uuid
    got = back.apply(back.send())
    assert (got.merge.diff["extension"].new, got.merge.diff["petition"].new) == (1, 1)
    return uuids


def _city_deletes(back: Back, *victims: tuple[type[Record], str]) -> None:
    """The way the task window and the petitions view delete (or undo an add)."""
    with back.city.store.write() as s:
        for model, uuid in victims:
            records.delete_record(s, model, uuid, CITY)


def _rows(ctx: DeskContext, *where: Any) -> list[str]:
    """Every record of every city table matching ``where`` (by owner), as text."""
    with ctx.store.read() as s:
        return sorted(f"{m.__tablename__}:{r.uuid}:{r.revision}" for m in CITY_TABLES
                      for r in s.scalars(select(m).where(*(w(m) for w in where))))


def _forged(back: Back, packet: Path, change: Any) -> Path:
    """``packet`` with its data.json changed by ``change``, signed again by the city:
    a correctly signed packet whose data claims what it may not."""
    entries = read_entries(packet)
    data = json.loads(entries[mf.DATA_ENTRY])
    change(data)
    entries[mf.DATA_ENTRY] = json.dumps(data, ensure_ascii=False).encode()
    out = packet.with_name(f"forged-{packet.name}")
    return write_entries(out, resign(entries, back.identity))


def test_city_deletions_reach_the_county(back: Back,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    ext, pet = _city_adds(back)
    county_rows = _rows(back.county, lambda m: m.owner != CITY)
    _city_deletes(back, (Extension, ext), (Petition, pet))
    packet = back.send()

    dry = back.dry(packet)
    assert dry.status == "accepted", [str(w) for w in dry.warnings]
    assert (dry.merge.diff["extension"].deleted, dry.merge.diff["petition"].deleted) == (1, 1)
    assert sum(d.deleted for d in dry.merge.diff.values()) == 2
    assert dry.to_json()["diff"]["petition"]["deleted"] == 1
    _print_import(importer.ImportOutcome([dry], applied=False), apply=False)
    assert "删除 1" in capsys.readouterr().out

    applied = back.apply(packet)
    assert (applied.merge.diff["extension"].deleted,
            applied.merge.diff["petition"].deleted) == (1, 1)
    with back.county.store.read() as s:
        assert s.get(Extension, ext) is None and s.get(Petition, pet) is None
    # The county's own records are as they were, and the city's records of A at the
    # county are the city's again.
    assert _rows(back.county, lambda m: m.owner != CITY) == county_rows
    with back.city.store.read() as s:
        at_city = city_snapshot(s, CITY, COUNTY_A)
    for name in mf.CITY_COMPLETE_TABLES:
        with back.county.store.read() as s:
            model = next(m for m in CITY_TABLES if m.__tablename__ == name)
            here = set(s.scalars(select(model.uuid).where(model.owner == CITY)))
        assert here == {r["uuid"] for r in at_city[name] if r["owner"] == CITY}


def _county_acknowledges(back: Back) -> None:
    """County A reports; its packet names the city packet it last imported, and the
    city's next packet carries only what changed since that one."""
    enrol(back.city, back.county, back.out.parent / "enrol")
    report = build.export_county_packet(back.county, keys.load(back.county, PASSPHRASE),
                                        "2026-11", back.out)
    assert importer.import_packets(back.city, [report.path], apply=True).applied


def test_second_packet_carries_no_changes_and_deletes_nothing(back: Back) -> None:
    _city_adds(back)
    _county_acknowledges(back)
    result = build.export_city_packet(back.city, back.identity, COUNTY_A, back.out)
    counts = result.manifest.counts
    # Nothing new or changed in the tables sent as changes...
    assert all(counts[name] == 0 for name in DELTA_TABLES), counts
    # ...and the complete tables carry all the city's own records for A, as the counts
    # say (the county's records the city holds went once, as changes).
    data = json.loads(read_entries(result.path)[mf.DATA_ENTRY])
    assert data[mf.COMPLETE_KEY] == ["extension", "petition", "revisit"]
    assert data["format"] == mf.DATA_FORMAT and not result.manifest.no_change
    with back.city.store.read() as s:
        at_city = city_snapshot(s, CITY, COUNTY_A)
    for name in mf.CITY_COMPLETE_TABLES:
        mine = [r for r in at_city[name] if r["owner"] == CITY]
        assert counts[name] == len(data["tables"][name]) == len(mine)
        assert all(r["owner"] == CITY for r in data["tables"][name])
    assert counts["extension"] == counts["petition"] == 1
    before = _rows(back.county)
    applied = back.apply(result.path)
    assert applied.status == "accepted", [str(w) for w in applied.warnings]
    assert all((d.new, d.changed, d.deleted, d.refused) == (0, 0, 0, 0)
               for d in applied.merge.diff.values()), applied.merge.diff
    assert _rows(back.county) == before


def test_only_the_citys_records_of_this_county_in_complete_tables(back: Back) -> None:
    ext, pet = _city_adds(back)
    with back.county.store.write() as s:
        # The county's own petition, not yet reported: the city's packet lacks it.
        own = petitions.register(s, COUNTY_A, COUNTY_A, {"case_no": "县信2026-01"})
        # City records the city's packets to A never carry: county B's petition and
        # extension, and a lock (a table sent as changes only).
        other = Petition(case_no="市信2026-B1", unit_code=COUNTY_B, owner=CITY)
        a_task = s.get(Task, _task(back.county, COUNTY_A, 2))
        assert a_task is not None
        b_task = Task(round_uuid=a_task.round_uuid, number=999, unit_code=COUNTY_B,
                      title="县B的任务", owner=CITY)
        lock = PeriodLock(unit_code=COUNTY_A, period="2026-01", owner=CITY)
        s.add_all([other, b_task, lock])
        s.flush()
        b_ext = Extension(task_uuid=b_task.uuid, requested_on=date(2026, 11, 2),
                          new_deadline=date(2027, 3, 31), owner=CITY)
        s.add(b_ext)
        s.flush()
        kept = [(Petition, own.uuid), (Petition, other.uuid), (PeriodLock, lock.uuid),
                (Extension, b_ext.uuid)]
    _city_deletes(back, (Extension, ext), (Petition, pet))
    applied = back.apply(back.send())
    assert sum(d.deleted for d in applied.merge.diff.values()) == 2
    with back.county.store.read() as s:
        assert all(s.get(model, uuid) is not None for model, uuid in kept)
        assert s.get(Extension, ext) is None and s.get(Petition, pet) is None


def test_petition_still_referred_to_is_kept(back: Back) -> None:
    ext, pet = _city_adds(back)
    with back.county.store.write() as s:  # the county schedules a revisit of it
        petitions.add_revisit(s, COUNTY_A, pet, date(2027, 1, 15))
    _city_deletes(back, (Extension, ext), (Petition, pet))
    packet = back.send()
    for outcome in (back.dry(packet), back.apply(packet)):
        assert outcome.status == "accepted_with_warnings"
        diff = outcome.merge.diff
        assert (diff["petition"].deleted, diff["petition"].refused) == (0, 1)
        assert diff["extension"].deleted == 1
        kept = [w for w in outcome.warnings if pet[:8] in w.zh]
        assert len(kept) == 1
        assert "市级已删除" in kept[0].zh and "仍有记录引用它，暂不删除" in kept[0].zh
        assert "deleted at the city but is still referenced here; kept" in kept[0].en
    with back.county.store.read() as s:
        assert s.get(Petition, pet) is not None and s.get(Extension, ext) is None


def test_delta_only_packet_deletes_nothing(back: Back) -> None:
    """A city desk from before ``complete`` sends changes only: nothing is deleted."""
    ext, pet = _city_adds(back)
    _city_deletes(back, (Extension, ext), (Petition, pet))
    old_style = _forged(back, back.send(), lambda d: d.pop(mf.COMPLETE_KEY))
    before = _rows(back.county)
    applied = back.apply(old_style)
    assert applied.status == "accepted", [str(w) for w in applied.warnings]
    assert sum(d.deleted for d in applied.merge.diff.values()) == 0
    assert _rows(back.county) == before


@pytest.mark.parametrize(("change", "says"), [
    (lambda d: d[mf.COMPLETE_KEY].append("task"), "只有延期、信访件和回头看"),
    (lambda d: d.update({mf.COMPLETE_KEY: ["closeout_decision"]}), "closeout_decision"),
    (lambda d: d["tables"].pop("petition"), "没有附带"),
    (lambda d: d.update({mf.COMPLETE_KEY: "extension"}), "数据格式不符合要求"),
    (lambda d: d.update({mf.COMPLETE_KEY: ["petition", "petition"]}), "数据格式不符合要求"),
], ids=["task", "decision", "not-sent", "not-a-list", "twice"])
def test_city_packet_claiming_too_much_is_refused(back: Back, change: Any,
                                                 says: str) -> None:
    ext, pet = _city_adds(back)
    _city_deletes(back, (Extension, ext), (Petition, pet))
    assert says in back.refused(_forged(back, back.send(), change))


def test_county_packet_declaring_complete_is_refused(back: Back, desks: Desks) -> None:
    enrol(back.city, back.county, desks.tmp / "enrol")
    identity = keys.load(back.county, PASSPHRASE)
    packet = build.export_county_packet(back.county, identity, "2026-11", back.out).path
    for claim in (["measure"], []):
        entries = read_entries(packet)
        data = json.loads(entries[mf.DATA_ENTRY])
        data[mf.COMPLETE_KEY] = claim
        entries[mf.DATA_ENTRY] = json.dumps(data, ensure_ascii=False).encode()
        forged = write_entries(packet.with_name(f"forged-{len(claim)}.rdpkt"),
                               resign(entries, identity))
        before = dump(back.city)
        outcome = importer.import_packets(back.city, [forged], apply=True)
        assert not outcome.applied and outcome.packets[0].status == "rejected"
        refusal = outcome.packets[0].inspection.refusal
        assert refusal is not None and refusal.code == "data"
        assert "县级月报包" in refusal.msg.zh
        assert dump(back.city) == before
    # The genuine packet goes in.
    assert importer.import_packets(back.city, [packet], apply=True).applied


def test_petition_registered_again_replaces_the_deleted_one(back: Back) -> None:
    """Undone and entered again under the same case number: the old record makes way."""
    ext, pet = _city_adds(back, case_no="市信2026-902")
    _city_deletes(back, (Petition, pet))
    with back.city.store.write() as s:
        again = petitions.register(s, CITY, COUNTY_A, {"case_no": "市信2026-902"})
        s.flush()
        new_uuid = again.uuid
    applied = back.apply(back.send())
    assert applied.status == "accepted", [str(w) for w in applied.warnings]
    diff = applied.merge.diff["petition"]
    assert (diff.new, diff.deleted, diff.refused) == (1, 1, 0)
    with back.county.store.read() as s:
        assert s.get(Petition, pet) is None and s.get(Petition, new_uuid) is not None
        assert s.get(Extension, ext) is not None


def test_city_petition_never_replaces_a_county_one(back: Back) -> None:
    """The city registers a case number the county already used for its own petition:
    the city's record is refused, the county's is never taken for a deleted one."""
    with back.county.store.write() as s:
        own = petitions.register(s, COUNTY_A, COUNTY_A, {"case_no": "县信2026-77"})
        s.flush()
        own_uuid = own.uuid
    with back.city.store.write() as s:
        petitions.register(s, CITY, COUNTY_A, {"case_no": "县信2026-77"})
    applied = back.apply(back.send())
    diff = applied.merge.diff["petition"]
    assert (diff.new, diff.deleted, diff.refused) == (0, 0, 1)
    with back.county.store.read() as s:
        assert s.get(Petition, own_uuid) is not None
