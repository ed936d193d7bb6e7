"""The city's own revisits (回头看 it added in the task window or the petitions view)
reach the county on its next packet, a rebound the city found on one reopens the task
or petition at the county, and a revisit the city deleted is deleted there. The
county's revisits (its own, or scheduled by a close-out approval) stay the county's:
untouched by the city's packets, and not the city's to fill in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Petition, Revisit, Task
from desktop.domain.status import Status
from desktop.i18n import UserError
from desktop.packets import importer
from desktop.services import closeout, petitions, records, taskdetail
from desktop.services.desk import DeskContext
from tests.packets import test_packet_city_deletions as deletions
from tests.packets.conftest import CITY, COUNTY_A, COUNTY_B, dump
from tests.packets.test_packet_city_deletions import Back, _task

TODAY = date(2026, 11, 29)
back = deletions.back  # the city and county A, the city's first packet imported


def _county_revisits(ctx: DeskContext) -> list[tuple[Any, ...]]:
    """The county's own revisits, every field that matters."""
    with ctx.store.read() as s:
        return sorted((r.uuid, r.revision, r.task_uuid, r.petition_uuid, r.due_date,
                       r.done_date, r.findings, r.rebound)
                      for r in s.scalars(select(Revisit).where(Revisit.owner == COUNTY_A)))


def _petition(ctx: DeskContext) -> str:
    """A petition of county A (the county's, known at the city too)."""
    with ctx.store.read() as s:
        return s.scalars(select(Petition.uuid).where(Petition.unit_code == COUNTY_A)
                         .order_by(Petition.case_no)).first()  # type: ignore[return-value]


def _city_adds(back: Back) -> tuple[str, str]:
    """The city clerk adds a revisit to closed-out task 2 of A in the task window and
    one to a petition of A in the petitions view."""
    task, pet = _task(back.city, COUNTY_A, 2), _petition(back.city)
    with back.city.store.write() as s:
        on_task = taskdetail.add_child(s, "revisit", task, CITY, "city",
                                       {"due_date": "2027-02-01"}, TODAY)
        on_petition = petitions.add_revisit(s, CITY, pet, date(2027, 3, 1))
        s.flush()
        return on_task.uuid, on_petition.uuid


def _record(ctx: DeskContext, uuid: str, *, rebound: bool) -> None:
    with ctx.store.write() as s:
        closeout.record_revisit(s, uuid, ctx.code, ctx.role, done_date=TODAY,
                                inspector="市级核查组", findings="堆场苫盖破损",
                                rebound=rebound)


def _changed(outcome: importer.PacketOutcome, table: str) -> int:
    diff = outcome.merge.diff.get(table)
    return 0 if diff is None else diff.changed


def _status(ctx: DeskContext, number: int) -> str:
    with ctx.store.read() as s:
        task = s.get(Task, _task(ctx, COUNTY_A, number))
        assert task is not None
        return task.status


def test_city_revisits_reach_the_county(back: Back) -> None:
    mine = _county_revisits(back.county)
    on_task, on_petition = _city_adds(back)
    packet = back.send()

    dry = back.dry(packet)  # counts them, writes nothing
    assert dry.status == "accepted", [str(w) for w in dry.warnings]
    assert (dry.merge.diff["revisit"].new, dry.merge.diff["revisit"].refused) == (2, 0)

    applied = back.apply(packet)
    assert applied.merge.diff["revisit"].new == 2
    with back.county.store.read() as s:
        got = {r.uuid: r for r in s.scalars(select(Revisit).where(Revisit.owner == CITY))}
        assert set(got) == {on_task, on_petition}
        assert got[on_task].task_uuid == _task(back.county, COUNTY_A, 2)
        assert got[on_petition].petition_uuid == _petition(back.county)
        assert got[on_petition].due_date == date(2027, 3, 1)
    assert _county_revisits(back.county) == mine
    # Sent whole every time (and the county's own go again until the county
    # acknowledges the packet that carried them), but nothing changes on the next one.
    again = back.apply(back.send())
    assert again.status == "accepted", [str(w) for w in again.warnings]
    assert again.merge.diff["revisit"].unchanged == 2 + len(mine)
    assert all((d.new, d.changed, d.deleted, d.refused) == (0, 0, 0, 0)
               for d in again.merge.diff.values()), again.merge.diff


def test_city_rebound_reopens_the_county_task(back: Back) -> None:
    on_task, _ = _city_adds(back)
    back.apply(back.send())
    mine = _county_revisits(back.county)
    assert _status(back.county, 2) == Status.CLOSED_OUT
    _record(back.city, on_task, rebound=True)
    assert _status(back.city, 2) == Status.REOPENED
    packet = back.send()

    dry = back.dry(packet)
    assert dry.status == "accepted", [str(w) for w in dry.warnings]
    assert (dry.merge.diff["revisit"].changed, dry.merge.diff["task"].changed) == (1, 1)
    assert _status(back.county, 2) == Status.CLOSED_OUT

    applied = back.apply(packet)  # the audit log verifies (Back.apply)
    assert applied.merge.diff["task"].changed == 1
    assert _status(back.county, 2) == Status.REOPENED
    with back.county.store.read() as s:
        rv = s.get(Revisit, on_task)
        assert rv is not None and rv.rebound and rv.findings == "堆场苫盖破损"
    assert _county_revisits(back.county) == mine
    # The county's next move from there is its own, and the same packet again is a no-op.
    again = back.apply(back.send())
    assert _changed(again, "task") == 0
    assert _status(back.county, 2) == Status.REOPENED


def test_new_city_revisit_with_rebound_reopens_the_petition(back: Back) -> None:
    pet = _petition(back.county)
    with back.county.store.write() as s:  # the county had closed the case
        petitions.update(s, COUNTY_A, pet, {"rectification_status": "done"})
    with back.city.store.write() as s:
        rv = petitions.add_revisit(s, CITY, pet, date(2026, 11, 20))
        s.flush()
        uuid = rv.uuid
    _record(back.city, uuid, rebound=True)
    applied = back.apply(back.send())  # inserted already found rebounding
    assert applied.merge.diff["revisit"].new == 1
    assert applied.merge.diff["petition"].changed == 1
    with back.county.store.read() as s:
        petition = s.get(Petition, pet)
        assert petition is not None and petition.rectification_status == "in_progress"


def test_city_revisit_without_rebound_changes_no_status(back: Back) -> None:
    on_task, _ = _city_adds(back)
    back.apply(back.send())
    _record(back.city, on_task, rebound=False)
    applied = back.apply(back.send())
    assert applied.merge.diff["revisit"].changed == 1
    assert _changed(applied, "task") == 0
    assert _status(back.county, 2) == Status.CLOSED_OUT


def test_city_deleted_revisits_are_deleted_at_the_county(back: Back) -> None:
    on_task, on_petition = _city_adds(back)
    back.apply(back.send())
    mine = _county_revisits(back.county)
    with back.county.store.write() as s:
        # A city revisit of county B's petition: not of A's part, never the packet's to
        # delete (a petition's revisit has no task and no unit of its own).
        other = Petition(case_no="市信2026-B7", unit_code=COUNTY_B, owner=CITY)
        s.add(other)
        s.flush()
        b_revisit = Revisit(petition_uuid=other.uuid, due_date=date(2027, 1, 1), owner=CITY)
        s.add(b_revisit)
        s.flush()
        kept = b_revisit.uuid
    with back.city.store.write() as s:
        for uuid in (on_task, on_petition):
            records.delete_record(s, Revisit, uuid, CITY)
    packet = back.send()

    dry = back.dry(packet)
    assert dry.status == "accepted", [str(w) for w in dry.warnings]
    assert dry.merge.diff["revisit"].deleted == 2
    assert sum(d.deleted for d in dry.merge.diff.values()) == 2

    applied = back.apply(packet)
    assert applied.merge.diff["revisit"].deleted == 2
    with back.county.store.read() as s:
        assert s.get(Revisit, on_task) is None and s.get(Revisit, on_petition) is None
        assert s.get(Revisit, kept) is not None
    assert _county_revisits(back.county) == mine


def test_county_revisit_deleted_at_the_county_stays_deleted(back: Back) -> None:
    """The county's revisits go as changes only: a city packet that crosses the
    county's deletion of one does not bring it back."""
    victim = _county_revisits(back.county)[0][0]
    with back.county.store.write() as s:
        records.delete_record(s, Revisit, victim, COUNTY_A)
    _city_adds(back)
    back.apply(back.send())
    with back.county.store.read() as s:
        assert s.get(Revisit, victim) is None


@pytest.mark.parametrize("at", ["city", "county"])
def test_another_desks_revisit_is_not_for_this_desk_to_fill_in(back: Back, at: str) -> None:
    if at == "city":  # a revisit the city scheduled for the county when it approved
        ctx = back.city
        with ctx.store.read() as s:
            uuid = s.scalars(select(Revisit.uuid).where(Revisit.owner == COUNTY_A,
                                                        Revisit.done_date.is_(None))).first()
    else:  # the city's own revisit, as the county holds it
        on_task, _ = _city_adds(back)
        back.apply(back.send())
        ctx, uuid = back.county, on_task
    before = dump(ctx)
    with pytest.raises(UserError) as refused:
        _record(ctx, uuid, rebound=True)
    assert "结果应由其填写" in refused.value.msg.zh
    assert "cannot record it" in refused.value.msg.en
    assert dump(ctx) == before
    # Nothing of it reaches the county either.
    outcome = importer.import_packets(back.county, [back.send()]).packets[0]
    assert all((d.new, d.changed, d.deleted) == (0, 0, 0)
               for d in outcome.merge.diff.values()), outcome.merge.diff
