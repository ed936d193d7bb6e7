"""The city's supervision desk across two desks: a notice travels to the county in the
city's packet, the reply comes back in the county's, the city escalates; the ranking
counts what the city can verify; accountability candidates follow the documented
rules; the light history is kept month by month and matches a recomputation."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import (
    Acceptance,
    CloseoutDecision,
    CloseoutRequest,
    LightSnapshot,
    Revisit,
    SupervisionNotice,
    Task,
)
from desktop import clock
from desktop.domain import lights, periods
from desktop.i18n import UserError
from desktop.packets import build, importer
from desktop.services import keys, light_history, ranking, supervision
from desktop.services.desk import DeskContext
from tests.packets import test_packet_city_deletions as deletions
from tests.packets.conftest import CITY, COUNTY_A, COUNTY_B, PASSPHRASE, Desks, enrol
from tests.packets.test_packet_city_deletions import Back, _task

TODAY = date(2026, 11, 29)
back = deletions.back  # the city and county A, the city's first packet imported


def _to_city(back: Back, period: str = "2026-11") -> importer.PacketOutcome:
    """County A's report packet, imported at the city."""
    folder = back.out / "enrol"
    if not (folder / f"{COUNTY_A}.enrol.json").exists():
        enrol(back.city, back.county, folder)
    identity = keys.load(back.county, PASSPHRASE)
    packet = build.export_county_packet(back.county, identity, period, back.out / "up").path
    outcome = importer.import_packets(back.city, [packet], apply=True)
    assert outcome.applied, [str(w) for p in outcome.packets for w in p.warnings]
    return outcome.packets[0]


def _notices(ctx: DeskContext, unit: str | None = None) -> list[supervision.NoticeRow]:
    with ctx.store.read() as s:
        return supervision.notices(s, clock.today(), unit)


def test_notice_reply_escalation_across_packets(back: Back) -> None:
    first = back.city.ledger.issue_supervision(
        unit_code=COUNTY_A, task_number=1, level="supervise", reply_by="2026-12-10",
        text="第1号任务整改进度滞后，请于期限前书面报告。").value.uuid
    back.apply(back.send())
    got = _notices(back.county)
    assert [(n.number, n.level, n.status, n.task_number) for n in got] == [
        ("督办〔2026〕1号", "supervise", "open", 1)]

    back.county.ledger.reply_supervision(first, text="已倒排工期，月底前完成。",
                                         measures="成立专班，每周调度")
    with pytest.raises(UserError, match="只有市级台账可以升级督办"):
        back.county.ledger.escalate_supervision(first, reply_by="2026-12-20")
    with pytest.raises(UserError, match="只有市级台账可以发出督办单"):
        back.county.ledger.issue_supervision(unit_code=COUNTY_A, level="remind",
                                             reply_by="2026-12-20", text="自己督办自己")
    _to_city(back)
    at_city = _notices(back.city, COUNTY_A)
    assert at_city[0].status == "replied"
    assert [r["text"] for r in at_city[0].replies] == ["已倒排工期，月底前完成。"]

    second = back.city.ledger.escalate_supervision(first, reply_by="2026-12-20").value
    assert (second.level, second.number, second.escalated_from) == (
        "listed", "督办〔2026〕2号", first)
    back.apply(back.send())
    assert [(n.number, n.status, n.level) for n in _notices(back.county)] == [
        ("督办〔2026〕1号", "escalated", "supervise"), ("督办〔2026〕2号", "open", "listed")]
    with pytest.raises(UserError, match="已升级"):
        back.county.ledger.reply_supervision(first, text="再回复一次")

    back.city.ledger.close_supervision(second.uuid)
    back.apply(back.send())
    assert _notices(back.county)[1].status == "closed"


def test_reply_overdue_turns_red_and_counts(back: Back) -> None:
    back.city.ledger.issue_supervision(unit_code=COUNTY_A, level="remind",
                                       reply_by="2026-11-30", text="请报告进展。")
    clock.set_today(date(2026, 12, 3))
    (n,) = _notices(back.city)
    assert n.overdue
    with back.city.store.read() as s:
        figures = ranking.figures(s, "2026-12", back.city.settings, clock.today())
    assert figures[COUNTY_A]["overdue_replies"] == 1
    assert figures[COUNTY_B]["overdue_replies"] == 0


def test_a_county_reply_to_another_units_notice_is_refused(back: Back) -> None:
    """A county that edits its database to answer a notice sent to someone else."""
    other = back.city.ledger.issue_supervision(unit_code=COUNTY_B, level="remind",
                                               reply_by="2026-12-20", text="B 县请报告。"
                                               ).value.uuid
    mine = back.city.ledger.issue_supervision(unit_code=COUNTY_A, level="remind",
                                              reply_by="2026-12-20", text="A 区请报告。"
                                              ).value.uuid
    back.apply(back.send())
    reply = back.county.ledger.reply_supervision(mine, text="已办理").value.uuid
    # The city's notice to B exists only at the city; the county forges the link.
    conn = sqlite3.connect(back.county.paths.database)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE supervision_reply SET notice_uuid = ? WHERE uuid = ?", (other, reply))
    conn.commit()
    conn.close()
    outcome = _to_city(back)
    assert any("督办单" in str(w) or "supervision" in str(w) for w in outcome.warnings)
    assert all(n.replies == [] for n in _notices(back.city))


def test_ranking_counts_what_the_city_verifies(back: Back) -> None:
    city = back.city
    period = "2026-11"
    with city.ledger.batch() as s:
        before = ranking.figures(s, period, city.settings, TODAY)
    # A returned close-out and a rebound this month, an indicator off target: +1 each.
    task = _task(city, COUNTY_A, 3)
    with city.store.read() as s:
        req = s.scalars(select(CloseoutRequest.uuid).where(
            CloseoutRequest.task_uuid == task)).first()
    with city.ledger.batch() as s:
        if req is None:
            r = CloseoutRequest(task_uuid=task, requested_on=date(2026, 11, 2), owner=COUNTY_A)
            s.add(r)
            s.flush()
            req = r.uuid
        s.add(CloseoutDecision(request_uuid=req, task_uuid=task, decided_on=date(2026, 11, 5),
                               approved=False, reasons="佐证不全", owner=CITY))
        s.add(Revisit(task_uuid=task, due_date=date(2026, 11, 6), done_date=date(2026, 11, 6),
                      rebound=True, findings="反弹", owner=CITY))
    with city.ledger.batch() as s:
        after = ranking.figures(s, period, city.settings, TODAY)
    for key in ("returned", "rebounds"):
        assert after[COUNTY_A][key] == before[COUNTY_A][key] + 1, key
        assert after[COUNTY_B][key] == before[COUNTY_B][key], key
    # The county's own percentages do not count: raising them all changes nothing.
    with city.ledger.batch() as s:
        from db.models import Progress

        for p in s.scalars(select(Progress)):
            p.percent = 100.0
    with city.ledger.batch() as s:
        again = ranking.figures(s, period, city.settings, TODAY)
    assert again == after

    # The month is ranked once it has ended: the city ranks November in December.
    held = clock.today()
    clock.set_today(date(2026, 12, 4))
    try:
        result = city.ledger.ranking(period).value
    finally:
        clock.set_today(held)
    assert sorted(u.unit for u in result.units) == sorted([COUNTY_A, COUNTY_B, "130603"]) or \
        len(result.units) == 3
    assert [u.rank for u in result.units] == sorted(u.rank for u in result.units)
    # The county learns where it stands from the city's next packet.
    back.apply(back.send())
    with back.county.store.read() as s:
        own = ranking.own_entries(s, COUNTY_A)
    place = next(u for u in result.units if u.unit == COUNTY_A)
    assert [(e["period"], e["rank"], e["score"]) for e in own] == [
        (period, place.rank, place.score)]


def _lights_by_rule(ctx: DeskContext, period: str) -> dict[str, str]:
    """Each task's light as of the month's last day, computed by the domain rule
    directly from the records (deadline, approved extensions, open measures)."""
    end = light_history.period_end(period)
    out = {}
    conn = sqlite3.connect(ctx.paths.database)
    try:
        for uuid, status, deadline in conn.execute("SELECT uuid, status, deadline FROM task"):
            ext = [date.fromisoformat(d) for (d,) in conn.execute(
                "SELECT new_deadline FROM extension WHERE task_uuid=? AND approved=1", (uuid,))]
            planned = [lights.MeasureDates(date.fromisoformat(p), None) for (p,) in conn.execute(
                "SELECT planned_date FROM measure WHERE task_uuid=? AND done_date IS NULL "
                "AND planned_date IS NOT NULL", (uuid,))]
            dl = lights.effective_deadline(date.fromisoformat(deadline) if deadline else None, ext)
            out[uuid] = str(lights.light(status, dl, end, planned,
                                         ctx.settings.warning_window_days))
    finally:
        conn.close()
    return out


def test_light_history_over_a_year_matches_a_recomputation(desks: Desks) -> None:
    from desktop.cli import main

    home = desks.homes[COUNTY_A]
    months = periods.periods_between("2026-01", "2026-11")
    for period in months:  # the clerk's desk, opened once a month
        day = light_history.period_end(period) + timedelta(days=1)
        assert main(["--home", str(home), "--today", day.isoformat(), "lights", "snapshot",
                     "--period", period]) == 0
    ctx = desks.open(COUNTY_A)
    try:
        with ctx.store.read() as s:
            kept = {(x.period, x.task_uuid): x.light for x in s.scalars(select(LightSnapshot))}
            history = light_history.history(s)
        assert {p for p, _ in kept} == set(months)
        for period in months:
            expected = _lights_by_rule(ctx, period)
            assert {t: lt for (p, t), lt in kept.items() if p == period} == expected, period
        # "Red for N months running" is countable from the kept history.
        for task, lights_of in history.items():
            n = light_history.red_running(lights_of, "2026-11")
            assert n == next((i for i, p in enumerate(reversed(months))
                              if lights_of.get(p) != "red"), len(months))
            assert n >= 0 and task
    finally:
        ctx.close()


def test_accountability_candidates_for_each_rule(back: Back) -> None:
    city = back.city
    task = _task(city, COUNTY_A, 1)
    with city.store.read() as s:
        number = s.get(Task, task).number  # type: ignore[union-attr]
    # interview: escalated all the way up
    n = city.ledger.issue_supervision(unit_code=COUNTY_B, level="listed",
                                      reply_by="2026-12-10", text="请报告").value.uuid
    city.ledger.escalate_supervision(n, reply_by="2026-12-20")
    # false rectification: an acceptance failed for sham work
    with city.ledger.batch() as s:
        s.add(Acceptance(task_uuid=task, checked_on=date(2026, 11, 10), inspector="市核查组",
                         opinion="现场发现虚假整改，堆场未苫盖", passed=False, owner=COUNTY_A))
    with city.ledger.batch() as s:
        found = ranking.candidates(s, "2026-11", city.settings, TODAY)
    rules = {(c.unit_code, c.rule) for c in found}
    assert (COUNTY_B, "interview") in rules
    assert (COUNTY_A, "false_rectification") in rules
    assert any(c.rule == "false_rectification" and c.task_number == number for c in found)
    # late reports: no county packet for September or October reached the city
    with city.ledger.batch() as s:
        october = ranking.candidates(s, "2026-10", city.settings, TODAY)
    assert {(u, "late_reports") for u in (COUNTY_A, COUNTY_B)} <= {
        (c.unit_code, c.rule) for c in october}
    assert not any(c.rule == "late_reports" for c in found)  # November is not due yet
    # red running: every task red at the end of each of the last three months
    with city.store.read() as s:
        red = s.scalars(select(LightSnapshot.task_uuid).where(
            LightSnapshot.period == "2026-11", LightSnapshot.light == "red")).all()
    assert red, "the demo has overdue tasks"
    for c in found:
        if c.rule == "red_running":
            assert c.task_uuid in red
    assert any(c.rule == "red_running" for c in found)
    # rebound after close-out
    with city.store.read() as s:
        closed = s.scalars(select(CloseoutDecision.task_uuid).where(
            CloseoutDecision.approved.is_(True))).first()
    assert closed is not None
    with city.ledger.batch() as s:
        s.add(Revisit(task_uuid=closed, due_date=date(2026, 11, 20),
                      done_date=date(2026, 11, 20), rebound=True, findings="反弹", owner=CITY))
        found = ranking.candidates(s, "2026-11", city.settings, TODAY)
    assert any(c.rule == "rebound" and c.task_uuid == closed for c in found)


def test_actions_recorded_and_never_in_the_disclosure(back: Back, tmp_path: Path) -> None:
    from desktop.exports import disclosure_pdf, disclosure_xlsx

    with pytest.raises(UserError, match="问责方式无效"):
        back.city.ledger.add_accountability(unit_code=COUNTY_A, action="fine", basis="x",
                                            decided_on="2026-11-20")
    back.city.ledger.add_accountability(
        unit_code=COUNTY_A, action="interview", basis="第1号任务连续3个月红灯",
        decided_on="2026-11-20", person="王某某", post="副区长", document_number="保督〔2026〕9号",
        task_number=1)
    with back.city.store.read() as s:
        assert [(a.person, a.action) for a in ranking.actions(s, "2026-11")] == [
            ("王某某", "interview")]
    pdf = disclosure_pdf.disclosure_pdf_bytes(back.city)
    disclosure_xlsx.export_disclosure(back.city, tmp_path / "d.xlsx")
    import subprocess

    (tmp_path / "d.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "d.pdf"), "-"], capture_output=True,
                          text=True).stdout if Path("/usr/bin/pdftotext").exists() else ""
    assert "王某某" not in text
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "d.xlsx")
    assert not any("王某某" in str(c.value) for ws in wb for row in ws.iter_rows() for c in row)


def test_a_county_cannot_record_accountability_or_ranking_rows(back: Back) -> None:
    with pytest.raises(UserError, match="只有市级台账可以记录问责"):
        back.county.ledger.add_accountability(unit_code=COUNTY_A, action="interview",
                                               basis="x", decided_on="2026-11-20")
    with back.city.store.read() as s:
        assert s.scalars(select(SupervisionNotice)).first() is None


def test_an_open_notice_holds_the_task_back_from_closeout(back: Back) -> None:
    from desktop.services import closeout

    task = _task(back.city, COUNTY_A, 3)
    n = back.city.ledger.issue_supervision(unit_code=COUNTY_A, task_number=3, level="remind",
                                           reply_by="2026-12-20", text="请报告。").value
    with back.city.store.read() as s:
        codes = {u.code for u in closeout.unmet_conditions(s, task)}
        assert closeout.open_supervisions(s, task) == [n.number]
    assert "supervision_open" in codes
    back.city.ledger.close_supervision(n.uuid)
    with back.city.store.read() as s:
        assert "supervision_open" not in {u.code for u in closeout.unmet_conditions(s, task)}


def test_notice_and_action_texts_follow_the_one_text_rule(back: Back) -> None:
    with back.city.store.read() as s:
        before = s.scalars(select(SupervisionNotice)).all()
    for bad in ("请报告\x00进展", "\u202e告报请"):
        with pytest.raises(UserError):
            back.city.ledger.issue_supervision(unit_code=COUNTY_A, level="remind",
                                               reply_by="2026-12-20", text=bad)
        with pytest.raises(UserError):
            back.city.ledger.add_accountability(unit_code=COUNTY_A, action="interview",
                                                basis=bad, decided_on="2026-11-20")
    with back.city.store.read() as s:
        assert s.scalars(select(SupervisionNotice)).all() == before


def test_a_backdated_reply_counts_from_the_day_the_city_received_it(back: Back) -> None:
    """A county that writes an earlier date on its late reply still counts as late: the
    city counts the reply from the day it received it (its own audit clock, which the
    program's --today does not move: the notice is due before this run's real date)."""
    n = back.city.ledger.issue_supervision(unit_code=COUNTY_A, level="remind",
                                           reply_by="2026-12-01", text="请报告。").value
    back.apply(back.send())
    reply = back.county.ledger.reply_supervision(n.uuid, text="已办理").value.uuid
    conn = sqlite3.connect(back.county.paths.database)
    conn.execute("UPDATE supervision_reply SET replied_on = '2026-11-30' WHERE uuid = ?",
                 (reply,))
    conn.commit()
    conn.close()
    _to_city(back, "2026-11")
    clock.set_today(date(2027, 1, 3))
    with back.city.ledger.batch() as s:
        figures = ranking.figures(s, "2026-12", back.city.settings, clock.today())
    assert figures[COUNTY_A]["overdue_replies"] == 1


def test_an_escalated_notice_prints_on_one_page_with_its_seal(back: Back) -> None:
    """The issuer, date and seal box stay together: an escalation's longer text once
    pushed the seal box alone onto a second page."""
    from io import BytesIO

    from pypdf import PdfReader

    from desktop.exports import supervision_pdf

    first = back.city.ledger.issue_supervision(
        unit_code=COUNTY_A, task_number=3, level="supervise", reply_by="2026-12-15",
        text="第3号任务逾期未完成，请书面报告整改进展和下步措施。").value.uuid
    second = back.city.ledger.escalate_supervision(first, reply_by="2026-12-20").value.uuid
    number, pdf = supervision_pdf.notice_bytes(back.city, second)
    reader = PdfReader(BytesIO(pdf))
    assert number == "督办〔2026〕2号" and len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "挂牌督办" in text and "盖章" in text
