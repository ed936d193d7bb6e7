"""No single packet stops a county from reporting (README "How packets are settled"):
a lost, refused or never written packet is skipped by the next one, which brings the
city to the county's current state; old packets stay refused as replays; a key
replacement lets the next packet (new key) through; acknowledgements go both ways."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from db.models import Measure, PacketRecord, Problem, Task
from desktop.packets import build, importer, trust
from desktop.services import keys
from desktop.services.desk import DeskContext
from tests.packets.conftest import (
    CITY,
    COUNTY_A,
    PASSPHRASE,
    Desks,
    dump,
    enrol,
    same_county_records,
)


def _task(ctx: DeskContext, number: int, unit: str = COUNTY_A) -> str:
    with ctx.store.read() as s:
        return s.scalars(select(Task.uuid).where(Task.unit_code == unit,
                                                 Task.number == number)).one()


def _edit(county: DeskContext, n: int) -> None:
    """A clerk's month of work through the door: add, change and delete list items of
    open tasks (what a close-out rests on is frozen), record progress."""
    with county.store.read() as s:
        open_tasks = list(s.scalars(select(Task.uuid).where(
            Task.unit_code == county.code, Task.status != "closed_out").order_by(Task.number)))
        task = open_tasks[n % len(open_tasks)]
        measure = s.scalars(select(Measure.uuid).where(
            Measure.owner == county.code, Measure.task_uuid.in_(open_tasks))).first()
        victim = s.scalars(select(Problem.uuid).where(
            Problem.owner == county.code, Problem.task_uuid.in_(open_tasks))
            .order_by(Problem.uuid)).first()
    assert measure is not None and victim is not None
    ledger = county.ledger
    with ledger.batch():
        ledger.add("problem", task, {"description": f"新问题 {n}"})
        ledger.set_fields("measure", measure, {"description": f"措施改写 {n}"})
        ledger.delete("problem", victim)
        ledger.save_progress(task, "2026-11", {"narrative": f"第 {n} 次进展",
                                               "percent": str(10 * n)})


def _import(city: DeskContext, path: Path) -> importer.PacketOutcome:
    outcome = importer.import_packets(city, [path], apply=True)
    return outcome.packets[0]


def test_lost_packet_is_skipped_by_the_next(desks: Desks) -> None:
    """Acceptance: 1 imported, 2 lost, edits, 3 imported → the city holds the county's
    current records; 2 afterwards is a replay; 3 again is already imported."""
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        enrol(city, county, desks.tmp / "enrol")
        identity = keys.load(county, PASSPHRASE)
        first = build.export_county_packet(county, identity, "2026-09", desks.tmp / "usb")
        assert _import(city, first.path).status == "accepted"
        _edit(county, 1)
        lost = build.export_county_packet(county, identity, "2026-10", desks.tmp / "lost")
        _edit(county, 2)
        third = build.export_county_packet(county, identity, "2026-11", desks.tmp / "usb")
        assert third.manifest.sequence == 3

        dry = importer.import_packets(city, [third.path])
        assert dry.packets[0].inspection.gap == (2, 2)
        got = _import(city, third.path)
        assert got.status == "accepted_with_warnings"
        assert any("第 2 号未收到" in w.zh for w in got.warnings)
        assert same_county_records(city, county, COUNTY_A)
        with city.store.read() as s:
            rec = s.scalars(select(PacketRecord).where(PacketRecord.sequence == 3)).one()
            assert rec.report["gap"] == [2, 2]

        before = dump(city)
        replay = importer.import_packets(city, [lost.path], apply=True)
        refusal = replay.packets[0].inspection.refusal
        assert not replay.applied and refusal is not None and "旧包重放" in refusal.msg.zh
        assert dump(city) == before
        again = importer.import_packets(city, [third.path], apply=True)
        assert again.packets[0].status == "already_imported"
        assert dump(city) == before
    finally:
        city.close()
        county.close()


def test_packet_written_but_never_handed_over(desks: Desks) -> None:
    """A crash after the export's commit leaves a recorded packet with no file: the
    next one skips it."""
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        enrol(city, county, desks.tmp / "enrol")
        identity = keys.load(county, PASSPHRASE)
        assert _import(city, build.export_county_packet(
            county, identity, "2026-10", desks.tmp / "usb").path).status == "accepted"
        vanished = build.export_county_packet(county, identity, "2026-11", desks.tmp / "usb")
        vanished.path.unlink()
        _edit(county, 3)
        nxt = build.export_county_packet(county, identity, "2026-11", desks.tmp / "usb")
        assert _import(city, nxt.path).status == "accepted_with_warnings"
        assert same_county_records(city, county, COUNTY_A)
    finally:
        city.close()
        county.close()


def test_key_replacement_lets_the_next_packet_through(desks: Desks) -> None:
    """A packet signed with the old key that arrives after the replacement is refused;
    the next one, signed with the new key, is taken, gap and all."""
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        enrol(city, county, desks.tmp / "enrol")
        old = keys.load(county, PASSPHRASE)
        assert _import(city, build.export_county_packet(
            county, old, "2026-09", desks.tmp / "usb").path).status == "accepted"
        in_the_post = build.export_county_packet(county, old, "2026-10", desks.tmp / "post")

        # The county makes a new key (old one lost) and the city enrols it.
        shutil.rmtree(county.paths.keys)
        new = keys.create(county, PASSPHRASE, check_strength=False)
        keys.export(county, desks.tmp / "enrol2")
        enrolment = trust.parse_enrolment(
            (desks.tmp / "enrol2" / f"{COUNTY_A}.enrol.json").read_bytes())
        with city.store.write() as s:
            assert trust.add(s, city.code, city.role, enrolment, new.fingerprint,
                             replace=True) == "replaced"

        late = importer.import_packets(city, [in_the_post.path], apply=True)
        refusal = late.packets[0].inspection.refusal
        assert refusal is not None and "被更换" in refusal.msg.zh
        _edit(county, 4)
        nxt = build.export_county_packet(county, new, "2026-11", desks.tmp / "usb")
        got = _import(city, nxt.path)
        assert got.status == "accepted_with_warnings", [str(w) for w in got.warnings]
        assert got.inspection.gap == (2, 2)
        assert same_county_records(city, county, COUNTY_A)
    finally:
        city.close()
        county.close()


def test_acknowledgements_both_ways(desks: Desks) -> None:
    """The city's packet names the county packet it imported; the county shows it and
    names the city packet it applied, and the city's next packet carries only what
    changed since that one. A lost city packet loses nothing."""
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        enrol(city, county, desks.tmp / "enrol")
        id_a, id_city = keys.load(county, PASSPHRASE), keys.load(city, PASSPHRASE)
        fp = keys.public_info(city)["fingerprint"]
        report = build.export_county_packet(county, id_a, "2026-10", desks.tmp / "usb")
        assert report.city_holds is None
        assert _import(city, report.path).status == "accepted"

        back1 = build.export_city_packet(city, id_city, COUNTY_A, desks.tmp / "back")
        got = importer.import_packets(county, [back1.path], apply=True, fingerprint=fp)
        assert got.applied and got.packets[0].inspection.ack == (1, report.manifest_sha256)
        second = build.export_county_packet(county, id_a, "2026-11", desks.tmp / "usb")
        assert second.city_holds == 1
        assert _import(city, second.path).status == "accepted"

        # The county has acknowledged city packet 1: packet 2 carries no task again.
        quiet = build.export_city_packet(city, id_city, COUNTY_A, desks.tmp / "lost")
        assert quiet.manifest.counts["task"] == 0
        # A city change in a packet that is lost goes again in the next one.
        task = _task(city, 2)
        with city.store.write() as s:
            row = s.get(Task, task)
            assert row is not None
            row.title = "市级修改的任务名称"
        lost = build.export_city_packet(city, id_city, COUNTY_A, desks.tmp / "lost")
        assert lost.manifest.counts["task"] == 1
        nxt = build.export_city_packet(city, id_city, COUNTY_A, desks.tmp / "back")
        assert nxt.manifest.counts["task"] == 1 and nxt.manifest.sequence == 4
        got = importer.import_packets(county, [nxt.path], apply=True)
        assert got.applied and got.packets[0].inspection.gap == (2, 3)
        with county.store.read() as s:
            here = s.get(Task, task)
            assert here is not None and here.title == "市级修改的任务名称"
        replay = importer.import_packets(county, [lost.path], apply=True)
        assert not replay.applied
    finally:
        city.close()
        county.close()
