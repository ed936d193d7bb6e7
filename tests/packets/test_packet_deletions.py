"""A record the county deletes is deleted at the city by its next report packet: the
packet is a full snapshot and packets are taken strictly in sequence. Never anything
of another desk, never a record that something kept still refers to, never a revisit
the city scheduled that has not reached the county yet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import (
    Acceptance,
    AuditEntry,
    CloseoutRequest,
    Effect,
    Evidence,
    Measure,
    Petition,
    Problem,
    Progress,
    Record,
    Revisit,
    Task,
)
from desktop.commands.packets import _print_import
from desktop.packets import build, importer
from desktop.packets.merge import DELETABLE_BY_OWNER
from desktop.packets.scope import COUNTY_TABLES, county_snapshot
from desktop.services import closeout, keys, records
from desktop.services.desk import DeskContext
from tests.packets.conftest import CITY, COUNTY_A, COUNTY_B, PASSPHRASE, Desks, dump, enrol
from tests.packets.procedure_steps import accept_and_publish


@dataclass
class Pair:
    """County A and the city, with county A's first packet imported at the city."""

    county: DeskContext
    city: DeskContext
    identity: Any
    out: Path
    period: str = "2026-11"

    def report(self) -> Path:
        return build.export_county_packet(self.county, self.identity, self.period,
                                          self.out).path

    def dry(self, *packets: Path) -> importer.ImportOutcome:
        before = dump(self.city)
        outcome = importer.import_packets(self.city, list(packets))
        assert dump(self.city) == before  # a dry run writes nothing, deletions included
        return outcome

    def apply(self, *packets: Path) -> importer.ImportOutcome:
        outcome = importer.import_packets(self.city, list(packets), apply=True)
        assert outcome.applied, [str(w) for p in outcome.packets for w in p.warnings]
        with self.city.store.read() as s:
            assert audit.verify(s).ok
        return outcome


@pytest.fixture
def pair(desks: Desks) -> Iterator[Pair]:
    county, city = desks.open(COUNTY_A), desks.open(CITY)
    try:
        enrol(city, county, desks.tmp / "enrol")
        p = Pair(county, city, keys.load(county, PASSPHRASE), desks.tmp / "usb")
        first = p.apply(p.report())
        # The demo city holds the same county records as the county: nothing to delete.
        assert all(d.deleted == 0 for d in first.packets[0].merge.diff.values())
        yield p
    finally:
        county.close()
        city.close()


def _task(s: Session, unit: str, number: int) -> Task:
    return s.scalars(select(Task).where(Task.unit_code == unit, Task.number == number)).one()


def _free_measure(s: Session, unit: str) -> str:
    """A measure of ``unit`` that no evidence refers to, of a task not closed out (so
    the county may delete it: the door freezes what a close-out rests on)."""
    used = select(Evidence.measure_uuid).where(Evidence.measure_uuid.is_not(None))
    closed = select(Task.uuid).where(Task.status == "closed_out")
    return s.scalars(select(Measure.uuid).where(Measure.owner == unit,
                                                Measure.uuid.not_in(used),
                                                Measure.task_uuid.not_in(closed))
                     .order_by(Measure.uuid)).first() or ""


def _delete(ctx: DeskContext, *victims: tuple[type[Record], str]) -> None:
    """The county clerk deletes records the way the task window does."""
    with ctx.store.write() as s:
        for model, uuid in victims:
            records.delete_record(s, model, uuid, ctx.code)


def _owned(ctx: DeskContext, owner: str) -> dict[str, list[Any]]:
    """What ``owner`` owns at ``ctx``, as its packet would carry it (less the times: the
    demo desks were built a second apart)."""
    with ctx.store.read() as s:
        tables = county_snapshot(s, owner)[0]
    return {t: [{k: v for k, v in r.items() if k != "updated_at"} for r in rows]
            for t, rows in tables.items()}


def _without(tables: dict[str, list[Any]], *gone: str) -> dict[str, list[Any]]:
    return {t: [r for r in rows if r["uuid"] not in gone] for t, rows in tables.items()}


def _all_rows(ctx: DeskContext, owner: str) -> list[str]:
    """Every record of ``owner`` in every deletable table, by table and uuid."""
    with ctx.store.read() as s:
        return sorted(f"{m.__tablename__}:{u}" for m in COUNTY_TABLES
                      if m.__tablename__ in DELETABLE_BY_OWNER
                      for u in s.scalars(select(m.uuid).where(m.owner == owner)))


def test_deleted_measure_and_progress_leave_the_city(pair: Pair,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pair.county.store.read() as s:
        measure = _free_measure(s, COUNTY_A)
        progress = s.scalars(select(Progress.uuid).where(Progress.owner == COUNTY_A)
                             .order_by(Progress.uuid)).first()
    assert measure and progress
    before = _owned(pair.city, COUNTY_A)
    assert measure in {r["uuid"] for r in before["measure"]}
    _delete(pair.county, (Measure, measure), (Progress, progress))
    second = pair.report()

    dry_run = pair.dry(second)
    dry = dry_run.packets[0]
    assert dry.status == "accepted", [str(w) for w in dry.warnings]
    _print_import(dry_run, apply=False)
    lines = capsys.readouterr().out.splitlines()
    assert any(line.strip().startswith("措施清单：") and "删除 1，拒绝 0" in line
               for line in lines), lines
    assert (dry.merge.diff["measure"].deleted, dry.merge.diff["progress"].deleted) == (1, 1)
    assert sum(d.deleted for d in dry.merge.diff.values()) == 2
    assert dry.to_json()["diff"]["measure"]["deleted"] == 1

    applied = pair.apply(second).packets[0]
    assert applied.merge.diff["measure"].deleted == 1
    with pair.city.store.read() as s:
        assert s.get(Measure, measure) is None and s.get(Progress, progress) is None
        deletions = s.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
        assert {(e.table_name, e.record_uuid, e.actor) for e in deletions} == {
            ("measure", measure, "import"), ("progress", progress, "import")}
    # Everything else of county A is as it was, and the city's copy is the county's again.
    assert _owned(pair.city, COUNTY_A) == _without(before, measure, progress)
    assert _owned(pair.city, COUNTY_A) == _owned(pair.county, COUNTY_A)


def test_evidence_goes_before_the_effect_it_names(pair: Pair) -> None:
    with pair.county.store.read() as s:
        # Evidence of a task not closed out (a close-out freezes what it rests on).
        evidence = s.scalars(select(Evidence).join(Task, Task.uuid == Evidence.task_uuid)
                             .where(Evidence.owner == COUNTY_A, Task.status != "closed_out",
                                    Evidence.effect_uuid.is_not(None))
                             .order_by(Evidence.uuid)).first()
        assert evidence is not None
        others = s.scalars(select(Evidence.uuid).where(
            Evidence.effect_uuid == evidence.effect_uuid, Evidence.uuid != evidence.uuid)).all()
        victims = [(Evidence, u) for u in [evidence.uuid, *others]]
        effect = evidence.effect_uuid
    _delete(pair.county, *victims, (Effect, effect))
    applied = pair.apply(pair.report()).packets[0]
    assert applied.status == "accepted", [str(w) for w in applied.warnings]
    assert applied.merge.diff["evidence"].deleted == len(victims)
    assert applied.merge.diff["effect"].deleted == 1
    with pair.city.store.read() as s:
        assert s.get(Effect, effect) is None


def test_record_still_referenced_at_the_city_is_kept(pair: Pair) -> None:
    with pair.county.store.read() as s:
        measure = _free_measure(s, COUNTY_A)
        task = s.get(Measure, measure).task_uuid  # type: ignore[union-attr]
    # The city attached its own piece of evidence to the county's measure.
    with pair.city.store.write() as s:
        note = Evidence(sha256="0" * 64, name="市级核查记录.pdf", size=1, task_uuid=task,
                        measure_uuid=measure, owner=CITY)
        s.add(note)
    _delete(pair.county, (Measure, measure))
    second = pair.report()

    dry = pair.dry(second).packets[0]
    applied = pair.apply(second).packets[0]  # no foreign key failure at commit
    for outcome in (dry, applied):
        assert outcome.status == "accepted_with_warnings"
        assert (outcome.merge.diff["measure"].deleted, outcome.merge.diff["measure"].refused) \
            == (0, 1)
        kept = [w for w in outcome.warnings if measure[:8] in w.zh]
        assert len(kept) == 1 and "仍有记录引用它，暂不删除" in kept[0].zh
        assert "still referenced here; kept" in kept[0].en
    with pair.city.store.read() as s:
        assert s.get(Measure, measure) is not None
        assert s.get(Evidence, note.uuid) is not None


def test_refused_row_is_not_deleted(pair: Pair) -> None:
    with pair.county.store.read() as s:
        measure = _free_measure(s, COUNTY_A)
    # The city's copy is newer than what the county sends: the county's row is refused.
    with pair.city.store.write() as s:
        row = s.get(Measure, measure)
        assert row is not None
        row.description, row.revision = "本机较新的版本", 99
    with pair.county.store.write() as s:
        records.set_fields(s, Measure, measure, COUNTY_A, {"description": "县级修改"})
    applied = pair.apply(pair.report()).packets[0]
    assert (applied.merge.diff["measure"].refused, applied.merge.diff["measure"].deleted) \
        == (1, 0)
    with pair.city.store.read() as s:
        assert s.get(Measure, measure).description == "本机较新的版本"  # type: ignore[union-attr]


def test_other_desks_records_are_never_deleted(pair: Pair, desks: Desks) -> None:
    with pair.city.store.write() as s:
        task_a = _task(s, COUNTY_A, 3)
        # A city record on county A's task: county A's packet does not carry it.
        mine = Problem(task_uuid=task_a.uuid, description="市级督查发现的问题", owner=CITY)
        s.add(mine)
        s.flush()
        mine_uuid = mine.uuid
    city_rows, b_rows = _all_rows(pair.city, CITY), _all_rows(pair.city, COUNTY_B)
    assert f"problem:{mine_uuid}" in city_rows and b_rows
    with pair.county.store.read() as s:
        measure = _free_measure(s, COUNTY_A)
    _delete(pair.county, (Measure, measure))
    applied = pair.apply(pair.report()).packets[0]
    assert sum(d.deleted for d in applied.merge.diff.values()) == 1
    assert _all_rows(pair.city, CITY) == city_rows
    assert _all_rows(pair.city, COUNTY_B) == b_rows

    # Nor does county B's packet touch county A's records.
    a_rows = _all_rows(pair.city, COUNTY_A)
    b = desks.open(COUNTY_B)
    try:
        enrol(pair.city, b, desks.tmp / "enrol")
        packet_b = build.export_county_packet(b, keys.load(b, PASSPHRASE), pair.period,
                                              pair.out).path
    finally:
        b.close()
    applied_b = pair.apply(packet_b).packets[0]
    assert sum(d.deleted for d in applied_b.merge.diff.values()) == 0
    assert _all_rows(pair.city, COUNTY_A) == a_rows
    assert _all_rows(pair.city, CITY) == city_rows


def test_reimport_changes_nothing_and_undo_brings_it_back(pair: Pair) -> None:
    with pair.county.store.read() as s:
        measure = _free_measure(s, COUNTY_A)
    with pair.county.store.write() as s:
        kept = records.delete_record(s, Measure, measure, COUNTY_A)
    second = pair.report()
    pair.apply(second)
    before = dump(pair.city)
    again = importer.import_packets(pair.city, [second], apply=True)
    assert [p.status for p in again.packets] == ["already_imported"]
    assert dump(pair.city) == before
    with pair.city.store.read() as s:
        assert s.get(Measure, measure) is None

    # The clerk's undo puts the measure back with its uuid: the next packet brings it.
    with pair.county.store.write() as s:
        records.restore_record(s, Measure, kept)
    third = pair.apply(pair.report()).packets[0]
    assert (third.merge.diff["measure"].new, third.merge.diff["measure"].deleted) == (1, 0)
    assert _owned(pair.city, COUNTY_A) == _owned(pair.county, COUNTY_A)


def test_month_entered_again_replaces_the_deleted_one(pair: Pair) -> None:
    with pair.county.store.read() as s:
        old = s.scalars(select(Progress).where(Progress.owner == COUNTY_A)
                        .order_by(Progress.uuid)).first()
        assert old is not None
        task, period, old_uuid = old.task_uuid, old.period, old.uuid
    with pair.county.store.write() as s:
        records.delete_record(s, Progress, old_uuid, COUNTY_A)
        s.flush()
        new = records.save_progress(s, task, COUNTY_A, "county", period,
                                    {"narrative": "重新填报。", "percent": "70"})
        s.flush()
        new_uuid = new.uuid
    applied = pair.apply(pair.report()).packets[0]
    assert applied.status == "accepted", [str(w) for w in applied.warnings]
    diff = applied.merge.diff["progress"]
    assert (diff.new, diff.deleted, diff.refused) == (1, 1, 0)
    with pair.city.store.read() as s:
        assert s.get(Progress, old_uuid) is None
        assert s.get(Progress, new_uuid).narrative == "重新填报。"  # type: ignore[union-attr]


def test_revisits_scheduled_at_the_city_wait_for_the_county(pair: Pair) -> None:
    city, county = pair.city, pair.county
    with city.store.write(actor="市整改办") as s:
        task7 = _task(s, COUNTY_A, 7).uuid
        request = s.scalars(select(CloseoutRequest.uuid).where(
            CloseoutRequest.task_uuid == task7)).one()
        accept_and_publish(s, city.code, task7, date(2026, 11, 28))
        closeout.decide_closeout(s, request, city.code, approved=True,
                                 decided_on=date(2026, 11, 28))
        s.flush()
        scheduled = sorted(s.scalars(select(Revisit.uuid).where(
            Revisit.task_uuid == task7, Revisit.done_date.is_(None),
            Revisit.owner == COUNTY_A)))
    assert len(scheduled) == 2
    first, second = scheduled

    # The county reports before it has the city's packet: the revisits are not in it.
    early = pair.apply(pair.report()).packets[0]
    assert early.merge.diff["revisit"].deleted == 0
    assert set(scheduled) <= {u.split(":")[1] for u in _all_rows(city, COUNTY_A)}

    back = build.export_city_packet(city, keys.load(city, PASSPHRASE), COUNTY_A, pair.out)
    fp = keys.public_info(city)["fingerprint"]
    got = importer.import_packets(county, [back.path], apply=True, fingerprint=fp)
    assert got.packets[0].status in ("accepted", "accepted_with_warnings")
    # The county records the first revisit (so an import writes it at the city) and
    # reports; then it reports the second one unchanged and deletes both.
    with county.store.write() as s:
        records.set_fields(s, Revisit, first, COUNTY_A, {"findings": "已复查。"})
    pair.apply(pair.report())
    carried = pair.report()
    _delete(county, (Revisit, first), (Revisit, second))
    last = pair.report()
    dry = pair.dry(carried, last)
    applied = pair.apply(carried, last)
    for outcome in (dry, applied):
        assert outcome.packets[1].merge.diff["revisit"].deleted == 2
    with city.store.read() as s:
        assert s.get(Revisit, first) is None and s.get(Revisit, second) is None


def test_undo_of_a_delete_is_newer_than_the_copy_at_the_city(pair: Pair) -> None:
    """Deleted and put back before the next packet: the record returns as a newer
    revision, so later edits still reach the city instead of being refused as old."""
    with pair.county.store.read() as s:
        measure = _free_measure(s, COUNTY_A)
    for text in ("第一次修改。", "第二次修改。"):
        with pair.county.store.write() as s:
            records.set_fields(s, Measure, measure, COUNTY_A, {"description": text})
    pair.apply(pair.report())
    with pair.city.store.read() as s:
        at_city = s.get(Measure, measure)
        assert at_city is not None and at_city.description == "第二次修改。"
        city_revision = at_city.revision
    with pair.county.store.write() as s:
        kept = records.delete_record(s, Measure, measure, COUNTY_A)
    with pair.county.store.write() as s:  # the clerk's undo
        assert records.restore_record(s, Measure, kept).revision == city_revision + 1
    with pair.county.store.write() as s:
        records.set_fields(s, Measure, measure, COUNTY_A, {"description": "撤销后再改。"})
    outcome = pair.apply(pair.report()).packets[0]
    assert outcome.merge.diff["measure"].refused == 0, [str(w) for w in outcome.warnings]
    with pair.city.store.read() as s:
        at_city = s.get(Measure, measure)
        assert at_city is not None and at_city.description == "撤销后再改。"


def test_withdrawn_acceptance_and_unregistered_petition_leave_the_city(pair: Pair) -> None:
    """Undo of an acceptance check and of a petition's registration delete them at the
    county; the city must not go on counting a withdrawn check or an undone case."""
    with pair.county.store.read() as s:
        # Of a task not closed out: a close-out freezes its acceptance (the door's rule).
        closed = select(Task.uuid).where(Task.status == "closed_out")
        acceptance = s.scalars(select(Acceptance.uuid).where(
            Acceptance.owner == COUNTY_A, Acceptance.task_uuid.not_in(closed))
            .order_by(Acceptance.uuid)).first()
        revisited = select(Revisit.petition_uuid).where(Revisit.petition_uuid.is_not(None))
        petition = s.scalars(select(Petition.uuid).where(
            Petition.owner == COUNTY_A, Petition.uuid.not_in(revisited))
            .order_by(Petition.uuid)).first()
    assert acceptance and petition
    before = _owned(pair.city, COUNTY_A)
    _delete(pair.county, (Acceptance, acceptance), (Petition, petition))
    second = pair.report()

    dry = pair.dry(second).packets[0]
    assert (dry.merge.diff["acceptance"].deleted, dry.merge.diff["petition"].deleted) == (1, 1)
    pair.apply(second)
    with pair.city.store.read() as s:
        assert s.get(Acceptance, acceptance) is None and s.get(Petition, petition) is None
    assert _owned(pair.city, COUNTY_A) == _without(before, acceptance, petition)
    assert _owned(pair.city, COUNTY_A) == _owned(pair.county, COUNTY_A)
