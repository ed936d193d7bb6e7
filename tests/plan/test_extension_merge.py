"""Only the city decides an extension: the decision fields of a county's request are
set by the city's door, never by a county (door or packet), and travel back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from db.models import Extension, InspectionRound, Task
from desktop.domain.plan import Deadline
from desktop.i18n import UserError
from desktop.packets.merge import Merger, PacketMerge
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import init_desk

JX = "130602"


def _city(home: Path) -> tuple[object, str]:
    ctx = init_desk(home, "city", "130600", "保定市整改办")
    ctx.ledger.add_unit(code=JX, name="保定市竞秀区", kind="county")
    rid = ctx.ledger.add_round(name="第二轮", kind="provincial",
                               feedback_date=date(2020, 3, 5)).value.uuid
    entry = CatalogueTask(1, "问题", "问题。", "目标", "1.排查", "", (JX,), "张三",
                          Deadline(date(2027, 3, 31)), "", (JX,))
    ctx.ledger.save_catalogue_task(rid, entry)
    with ctx.store.read() as s:
        task = s.scalars(select(Task)).one().uuid
    return ctx, task


def _request(task: str, **decided: object) -> dict[str, object]:
    row: dict[str, object] = {
        "uuid": "e0000000-0000-0000-0000-000000000001", "owner": JX, "revision": 1,
        "updated_at": __import__("datetime").datetime(2026, 12, 4, 10, 0),
        "task_uuid": task, "requested_on": date(2026, 12, 4),
        "previous_deadline": date(2027, 3, 31), "new_deadline": date(2027, 9, 30),
        "reason": "冬季不能施工", "approver": "", "approved": False, "decided_on": None,
        "decision_note": ""}
    return {**row, **decided}


def _merge(ctx: object, row: dict[str, object], task: str) -> PacketMerge:
    result = PacketMerge()
    with ctx.ledger.batch(actor="import") as s:  # type: ignore[attr-defined]
        Merger(s, "130600", "city").merge_county(
            JX, {"extension": [row]}, {"task": [{"uuid": task, "status": "not_started"}]},
            result)
    return result


def _stored(ctx: object) -> Extension:
    with ctx.store.read() as s:  # type: ignore[attr-defined]
        ext = s.scalars(select(Extension)).one()
        s.expunge(ext)
        return ext


def test_a_county_packet_cannot_approve_its_own_extension(tmp_path: Path) -> None:
    ctx, task = _city(tmp_path / "city")
    with ctx:  # type: ignore[attr-defined]
        # A county's "approved" request is refused whole, with the reason (the rights
        # table: the decision is the city's); the honest request then arrives.
        refused = _merge(ctx, _request(task, approved=True, approver="县里自己",
                                       decided_on=date(2026, 12, 4)), task)
        assert refused.diff["extension"].refused == 1
        with pytest.raises(NoResultFound):
            _stored(ctx)
        _merge(ctx, _request(task), task)
        ext = _stored(ctx)
        assert (ext.approved, ext.approver, ext.decided_on) == (False, "", None)
        ctx.ledger.decide_extension(ext.uuid, approved=True, approver="市整改办")  # type: ignore[attr-defined]
        # The county's next packet (still undecided there) does not undo the decision.
        _merge(ctx, _request(task), task)
        ext = _stored(ctx)
        assert (ext.approved, ext.approver) == (True, "市整改办")
        assert ext.decided_on is not None
        with pytest.raises(UserError, match="已经审核过"):
            ctx.ledger.decide_extension(ext.uuid, approved=False, note="x")  # type: ignore[attr-defined]


def test_return_needs_reasons_and_only_the_city_decides(tmp_path: Path) -> None:
    ctx, task = _city(tmp_path / "city")
    with ctx:  # type: ignore[attr-defined]
        _merge(ctx, _request(task), task)
        ext = _stored(ctx)
        with pytest.raises(UserError, match="理由"):
            ctx.ledger.decide_extension(ext.uuid, approved=False)  # type: ignore[attr-defined]
        ctx.ledger.decide_extension(ext.uuid, approved=False, note="理由不充分")  # type: ignore[attr-defined]
        ext = _stored(ctx)
        assert (ext.approved, ext.decision_note) == (False, "理由不充分")
    county = init_desk(tmp_path / "county", "county", JX, "竞秀区")
    with county, pytest.raises(UserError, match="只有市级"):
        county.ledger.decide_extension(ext.uuid, approved=True)


def test_a_decided_request_stands(tmp_path: Path) -> None:
    ctx, task = _city(tmp_path / "city")
    with ctx:  # type: ignore[attr-defined]
        _merge(ctx, _request(task), task)
        ext = _stored(ctx)
        ctx.ledger.decide_extension(ext.uuid, approved=True)  # type: ignore[attr-defined]
        # The county moves the date of its approved request: not taken.
        result = _merge(ctx, _request(task, new_deadline=date(2028, 12, 31), revision=5), task)
        assert _stored(ctx).new_deadline == date(2027, 9, 30)
        assert result.diff["extension"].changed == 0
    county = init_desk(tmp_path / "county", "county", JX, "竞秀区")
    with county:
        with county.ledger.batch() as s:  # as the city's packets would have left it
            s.add(InspectionRound(uuid="r1", owner="130600", name="第二轮"))
            s.add(Task(uuid="t1", owner="130600", round_uuid="r1", number=1, unit_code=JX,
                       title="问题", deadline=date(2027, 3, 31)))
            s.flush()
            s.add(Extension(uuid=ext.uuid, owner=JX, task_uuid="t1",
                            requested_on=date(2026, 12, 4), new_deadline=date(2027, 9, 30),
                            approved=True, decided_on=date(2026, 12, 5)))
        with pytest.raises(UserError, match="已经审核"):
            county.ledger.set_fields("extension", ext.uuid, {"new_deadline": "2028-12-31"})
