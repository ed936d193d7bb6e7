"""A petition handed over by the city, handled and followed up at the county, both
desks kept in step by packets; refusals name every problem and change nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Petition
from desktop import clock
from desktop.packets import build, importer
from desktop.services import keys, petition_cases
from desktop.services.procedure import StepRefused
from tests.packets.conftest import COUNTY_A, PASSPHRASE, dump, enrol
from tests.packets.test_packet_city_deletions import Back, _task, back  # noqa: F401

CASE = "市信2026-950"


def _case(ctx, case_no: str = CASE) -> Petition:  # type: ignore[no-untyped-def]
    with ctx.store.read() as s:
        p = s.scalars(select(Petition).where(Petition.case_no == case_no)).one()
        s.expunge(p)
        return p


def test_petition_handed_over_handled_and_followed_up(back: Back,  # noqa: F811
                                                      tmp_path: Path) -> None:
    city, county = back.city, back.county
    enrol(city, county, tmp_path / "enrol")
    clock.set_today(date(2026, 11, 29))
    registered = city.ledger.register_petition({
        "case_no": CASE, "received_date": "2026-11-20", "content": "某厂夜间偷排废水。",
        "complainant_name": "张某", "complainant_phone": "13800000000"}).value
    assert registered.unit_code == city.code  # registered at the city, not yet handed over

    before = dump(city)
    with pytest.raises(StepRefused) as refused:
        city.ledger.handover_petition(registered.uuid, to="999999", due=date(2026, 11, 1))
    assert "不是县级单位代码" in str(refused.value) and "早于今天" in str(refused.value)
    assert dump(city) == before
    with pytest.raises(Exception, match="只有市级台账可以交办信访件"):
        county.ledger.handover_petition(registered.uuid, to=COUNTY_A, due=date(2026, 12, 20))

    city.ledger.handover_petition(registered.uuid, to=COUNTY_A, due=date(2026, 12, 20))
    back.apply(back.send())
    here = _case(county)
    assert (here.unit_code, here.due_date, here.handed_over_date, here.owner) == (
        COUNTY_A, date(2026, 12, 20), date(2026, 11, 29), city.code)

    # The county handles it: closing needs the verdict and result first.
    clock.set_today(date(2026, 12, 5))
    before = dump(county)
    with pytest.raises(StepRefused) as refused:
        county.ledger.handle_petition(here.uuid, {"closed_on": date(2026, 11, 1),
                                                  "similar_found": 1, "similar_fixed": 2})
    text = str(refused.value)
    for reason in ("早于交办日期", "办结前须认定是否属实", "办结前须填写办理结果",
                   "举一反三整改数不能多于发现数"):
        assert reason in text, reason
    assert dump(county) == before

    task = _task(county, COUNTY_A, 3)
    county.ledger.handle_petition(here.uuid, {
        "substantiated": "属实", "result": "已责令停产整改，罚款20万元。", "task_uuids": [task],
        "repeat_of": "", "similar_found": 3, "similar_fixed": 3,
        "similar_note": "排查同类企业12家，发现3家问题并整改。"})
    county.ledger.close_petition(here.uuid, result="已责令停产整改，罚款20万元。",
                                 substantiated="属实")
    county.ledger.reply_petition(here.uuid, reply="已电话告知举报人办理结果。")
    clock.set_today(date(2026, 12, 12))
    county.ledger.follow_up_petition(here.uuid, satisfaction="满意")

    identity = keys.load(county, PASSPHRASE)
    packet = build.export_county_packet(county, identity, "2026-11", back.out).path
    got = importer.import_packets(city, [packet], apply=True)
    assert got.applied, [str(w) for p in got.packets for w in p.warnings]
    at_city = _case(city)
    assert (at_city.substantiated, at_city.closed_on, at_city.rectification_status,
            at_city.reply, at_city.follow_up_on, at_city.satisfaction, at_city.similar_found,
            at_city.similar_fixed, at_city.task_uuids) == (
        "属实", date(2026, 12, 5), "done", "已电话告知举报人办理结果。", date(2026, 12, 12),
        "满意", 3, 3, [task])
    assert at_city.complainant_name == "张某"  # the city's private details stay its own


def test_overdue_cases(back: Back) -> None:  # noqa: F811
    city = back.city
    clock.set_today(date(2026, 11, 29))
    p = city.ledger.register_petition({"case_no": "市信2026-951", "content": "噪声扰民。"}).value
    city.ledger.handover_petition(p.uuid, to=COUNTY_A, due=date(2026, 12, 1))
    with city.store.read() as s:
        on_time = petition_cases.overdue(s, date(2026, 12, 1))
        late = petition_cases.overdue(s, date(2026, 12, 4))
    assert "市信2026-951" not in [r.case_no for r in on_time]
    assert [(r.case_no, r.days_over) for r in late if r.case_no == "市信2026-951"] == [
        ("市信2026-951", 3)]
