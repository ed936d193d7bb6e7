"""The whole close-out procedure across a county and the city, with packets both ways:
self-check and request at the county; a failed city acceptance returns it; requested
again; the city accepts, publishes, records and resolves an objection, is refused while
the notice runs, then approves under a number it allocates; the county receives every
step and prints the certificate carrying the number."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import (
    CityAcceptance,
    CloseoutDecision,
    Effect,
    Measure,
    NoticeObjection,
    PublicNotice,
    Task,
)
from desktop import clock
from desktop.packets import build, importer
from desktop.services import keys
from desktop.services.desk import DeskContext
from desktop.services.procedure import StepRefused
from tests.packets.conftest import COUNTY_A, PASSPHRASE, dump, enrol
from tests.packets.test_packet_city_deletions import Back, _task, back  # noqa: F401

TASK = 3  # in progress in county A's demo


def _day(d: date) -> None:
    clock.set_today(d)


def _finish_work(county: DeskContext, task: str, tmp: Path) -> None:
    """The county finishes its measures and reaches every effect's target, with
    evidence (all through the door, as the task window does)."""
    with county.store.read() as s:
        measures = [m.uuid for m in s.scalars(select(Measure).where(Measure.task_uuid == task))]
        effects = [(e.uuid, e.target) for e in s.scalars(select(Effect)
                                                          .where(Effect.task_uuid == task))]
    for m in measures:
        county.ledger.set_fields("measure", m, {"done_date": "2026-11-20", "status": "done"})
    for i, (e, target) in enumerate(effects):
        county.ledger.set_fields("effect", e, {"achieved": target})
        photo = tmp / f"effect{i}.png"
        photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes([i]) * 64)
        county.ledger.add_evidence(photo, task_uuid=task, effect_uuid=e)


def _up(pair: Back, identity: Any, period: str = "2026-11") -> importer.PacketOutcome:
    packet = build.export_county_packet(pair.county, identity, period, pair.out).path
    got = importer.import_packets(pair.city, [packet], apply=True)
    assert got.applied, [str(w) for p in got.packets for w in p.warnings]
    return got.packets[0]


def _status(ctx: DeskContext, task: str) -> str:
    with ctx.store.read() as s:
        return s.get(Task, task).status  # type: ignore[union-attr]


def _request(ctx: DeskContext, task: str) -> str:
    from desktop.services.procedure import open_request

    with ctx.store.read() as s:
        req = open_request(s, task)
        assert req is not None
        return req.uuid


def test_closeout_procedure_with_packets(back: Back, tmp_path: Path) -> None:  # noqa: F811
    city, county = back.city, back.county
    enrol(city, county, tmp_path / "enrol")
    id_county = keys.load(county, PASSPHRASE)
    task = _task(county, COUNTY_A, TASK)

    # County: nothing can be requested before the work is done; every reason named.
    _day(date(2026, 11, 29))
    before = dump(county)
    with pytest.raises(Exception, match="不能申请销号") as refused:
        county.ledger.request_closeout(task)
    assert "措施未完成" in str(refused.value) and "尚未进行验收" in str(refused.value)
    assert dump(county) == before

    _finish_work(county, task, tmp_path)
    county.ledger.self_check(task, opinion="经自查，措施全部落实，效果指标均已达到目标。")
    county.ledger.request_closeout(task, requested_by="竞秀区整改办")
    assert _status(county, task) == "closeout_requested"
    _up(back, id_county)
    assert _status(city, task) == "closeout_requested"

    # City: a failed acceptance returns the request with its reasons, and that reaches
    # the county with the acceptance itself.
    _day(date(2026, 11, 30))
    city.ledger.record_city_acceptance(task, accepted_on=date(2026, 11, 30),
                                       inspectors="市整改办验收组", opinion="现场仍有裸土。",
                                       passed=False, reasons="裸土未苫盖")
    assert _status(city, task) == "returned"
    back.apply(back.send())
    assert _status(county, task) == "returned"
    with county.store.read() as s:
        failed = s.scalars(select(CityAcceptance).where(CityAcceptance.task_uuid == task)).one()
        assert (failed.passed, failed.reasons, failed.owner) == (False, "裸土未苫盖", city.code)
        returned = s.scalars(select(CloseoutDecision)
                             .where(CloseoutDecision.task_uuid == task)).one()
        assert "市级验收未通过：裸土未苫盖" in returned.reasons

    # County: fixed, requested again.
    _day(date(2026, 12, 1))
    county.ledger.self_check(task, opinion="裸土已全部苫盖，复查合格。")
    county.ledger.request_closeout(task, requested_by="竞秀区整改办")
    _up(back, id_county, "2026-12")
    assert _status(city, task) == "closeout_requested"

    # City: accepted, published, an objection; approval refused while the notice runs
    # and the objection is open (both named), nothing written.
    _day(date(2026, 12, 2))
    city.ledger.record_city_acceptance(task, accepted_on=date(2026, 12, 2),
                                       inspectors="市整改办验收组（王五、赵六）",
                                       opinion="经现场核查，整改到位，同意通过验收。", passed=True)
    with pytest.raises(StepRefused, match="早于市级验收日期"):
        city.ledger.start_notice(task, starts_on=date(2026, 12, 1))
    notice = city.ledger.start_notice(task, starts_on=date(2026, 12, 3)).value
    assert (notice.starts_on, notice.ends_on) == (date(2026, 12, 3), date(2026, 12, 9))
    _day(date(2026, 12, 4))
    objection = city.ledger.record_objection(task, text="堆场东侧仍有扬尘。").value
    request = _request(city, task)
    before = dump(city)
    with pytest.raises(Exception, match="不能批准销号") as refused:
        city.ledger.decide_closeout(request, approved=True)
    assert "公示期未满" in str(refused.value) and "公示异议尚未处理" in str(refused.value)
    assert dump(city) == before
    city.ledger.resolve_objection(objection.uuid, handling="经核查为施工车辆临时扬尘，已清扫。")

    # After the notice: approved under the number the city allocates.
    _day(date(2026, 12, 10))
    decision = city.ledger.decide_closeout(request, approved=True).value
    number = decision.closeout_number  # type: ignore[attr-defined]
    assert number.startswith("销号〔2026〕第") and number.endswith("号")
    assert _status(city, task) == "closed_out"

    # Back at the county: every step arrived, the task is closed out.
    back.apply(back.send())
    assert _status(county, task) == "closed_out"
    with county.store.read() as s:
        accs = s.scalars(select(CityAcceptance).where(CityAcceptance.task_uuid == task)).all()
        assert sorted(a.passed for a in accs) == [False, True]
        got = s.scalars(select(PublicNotice).where(PublicNotice.task_uuid == task)).one()
        assert got.ends_on == date(2026, 12, 9)
        obj = s.scalars(select(NoticeObjection).where(NoticeObjection.task_uuid == task)).one()
        assert obj.handled_on == date(2026, 12, 4) and "已清扫" in obj.handling
        approved = s.scalars(select(CloseoutDecision).where(
            CloseoutDecision.task_uuid == task, CloseoutDecision.approved.is_(True))).one()
        assert approved.closeout_number == number

    # The county's certificate carries the city's number.
    from desktop.exports.certificate import write_certificate

    issued = write_certificate(county, TASK, tmp_path / "cert.pdf")
    assert issued is not None
    from desktop.services import certificates

    with county.store.read() as s:
        content = certificates.content(s, s.get(Task, task))  # type: ignore[arg-type]
    assert content.closeout_number == number

    # The procedure line at the county shows every step with its date.
    from desktop.services import procedure

    with county.store.read() as s:
        line = procedure.procedure(s, task, date(2026, 12, 10))
    assert [(x.key, x.state, x.on) for x in line] == [
        ("self_check", "done", date(2026, 12, 1)), ("request", "done", date(2026, 12, 1)),
        ("city_acceptance", "done", date(2026, 12, 2)), ("notice", "done", date(2026, 12, 3)),
        ("closeout", "done", date(2026, 12, 10)), ("certificate", "done", date(2026, 12, 10))]
