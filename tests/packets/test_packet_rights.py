"""The merge asks what the door asks (issue 10, "Why"): a desk that holds its own key
and edits its own SQLite file with plain sqlite3 (a buggy or dishonest desk) sends,
through the real ``packet export``, records no clerk could have made there. Each is
refused at the other desk with the reason in the clerk's words; the rest of the packet
is applied (refusals of single records are warnings: the packet is "accepted with
warnings", which the packet's record and the audit log say); the refused record stays
as it was at the receiving desk."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db import audit
from db.models import (
    Acceptance,
    AuditEntry,
    CloseoutDecision,
    CloseoutRequest,
    Evidence,
    Extension,
    Measure,
    PacketRecord,
    Petition,
    Progress,
    Revisit,
    Task,
    new_uuid,
)
from desktop.domain.status import Status
from desktop.exports.certificate import write_certificate
from desktop.i18n import UserError
from desktop.packets import importer
from desktop.packets import manifest as mf
from desktop.packets.wire import MODELS, encode_row, table_of
from desktop.services import closeout, keys, ledger_rows
from desktop.services.desk import DeskContext
from tests.packets import test_packet_city_deletions as city_deletions
from tests.packets import test_packet_deletions as deletions
from tests.packets.conftest import CITY, COUNTY_A, COUNTY_B, PASSPHRASE, Desks, dump, enrol
from tests.packets.forge import read_entries, resign, write_entries
from tests.packets.test_packet_city_deletions import Back
from tests.packets.test_packet_deletions import Pair

TODAY = date(2026, 11, 29)
pair = deletions.pair  # county A and the city, A's first packet imported
back = city_deletions.back  # the city and county A, the city's first packet imported


# --- the attacker's tools: its own database, plain sqlite3 ----------------------------


def tamper(ctx: DeskContext, statement: str, *params: Any) -> None:
    """Edit the desk's own ledger file as anyone with the PC could."""
    con = sqlite3.connect(ctx.paths.database)
    try:
        with con:
            assert con.execute(statement, params).rowcount == 1, statement
    finally:
        con.close()


def row(ctx: DeskContext, table: str, uuid: str) -> dict[str, Any] | None:
    """A record as stored, every column (None: not there)."""
    con = sqlite3.connect(ctx.paths.database)
    con.row_factory = sqlite3.Row
    try:
        got = con.execute(f"SELECT * FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
    finally:
        con.close()
    return dict(got) if got is not None else None


def one(ctx: DeskContext, query: Any) -> Any:
    with ctx.store.read() as s:
        return s.scalars(query).first()


def task_of(ctx: DeskContext, unit: str, status: str | None = None) -> Task:
    with ctx.store.read() as s:
        q = select(Task).where(Task.unit_code == unit)
        if status:
            q = q.where(Task.status == status)
        task = s.scalars(q.order_by(Task.number)).first()
        assert task is not None
        s.expunge(task)
        return task


def honest_edit(ctx: DeskContext, task: str, text: str) -> None:
    """An ordinary clerk's edit through the door, travelling in the same packet."""
    ctx.ledger.save_progress(task, "2026-11", {"narrative": text, "percent": 60})


def narrative(ctx: DeskContext, task: str) -> str:
    return one(ctx, select(Progress.narrative).where(Progress.task_uuid == task,
                                                     Progress.period == "2026-11")) or ""


def refused(receiver: DeskContext, packet: Path, reason: str) -> importer.PacketOutcome:
    """Import ``packet`` for real: applied with warnings, one of them ``reason``, and
    the packet's record and the audit log saying so."""
    outcome = importer.import_packets(receiver, [packet], apply=True)
    got = outcome.packets[0]
    warnings = [w.zh for w in got.warnings]
    assert outcome.applied and got.status == "accepted_with_warnings", (got.status, warnings)
    assert any(reason in w for w in warnings), warnings
    with receiver.store.read() as s:
        assert audit.verify(s).ok
        record = s.scalars(select(PacketRecord).where(
            PacketRecord.manifest_sha256 == got.inspection.manifest_sha256)).one()
        assert record.status == "accepted_with_warnings"
        assert any(reason in w["zh"] for w in record.report["warnings"])
        events = s.scalars(select(AuditEntry.new).where(
            AuditEntry.table_name == "packet_record", AuditEntry.record_uuid == record.uuid)
        ).all()
        assert any("accepted_with_warnings" in (e or "") for e in events), events
    return got


def accepted(receiver: DeskContext, packet: Path) -> importer.PacketOutcome:
    outcome = importer.import_packets(receiver, [packet], apply=True)
    got = outcome.packets[0]
    assert outcome.applied and got.status == "accepted", [str(w) for w in got.warnings]
    return got


# --- a. a county approves its own extension -------------------------------------------


def _light(ctx: DeskContext, task: str) -> tuple[str, date | None]:
    con = sqlite3.connect(ctx.paths.database)
    try:
        rows = ledger_rows.task_rows(con, TODAY, ctx.settings, unit_filter=COUNTY_A)
    finally:
        con.close()
    got = next(r for r in rows if r.uuid == task)
    return got.light, got.deadline


def test_county_cannot_approve_its_own_extension(pair: Pair) -> None:
    """Why: "A county approved its own deadline extension at the city"."""
    red = [r for r in _rows_of(pair.city) if r.light == "red"]
    assert red, "the demo has overdue tasks"
    task = red[0].uuid
    before = _light(pair.city, task)
    ext = new_uuid()
    tamper(pair.county, "INSERT INTO extension (uuid, owner, revision, updated_at, task_uuid, "
           "requested_on, previous_deadline, new_deadline, reason, approver, approved) "
           "VALUES (?, ?, 1, '2026-11-28 09:00:00', ?, '2026-11-20', NULL, '2030-12-31', "
           "'工期顺延', '市整改办', 1)", ext, COUNTY_A, task)
    other = task_of(pair.county, COUNTY_A, Status.IN_PROGRESS).uuid
    honest_edit(pair.county, other, "本月完成清淤。")
    got = refused(pair.city, pair.report(), "“是否批准”由市级决定，县级台账不能填写")
    assert got.merge.diff["extension"].refused == 1
    assert row(pair.city, "extension", ext) is None
    assert _light(pair.city, task) == before  # still red, deadline as it was
    assert narrative(pair.city, other) == "本月完成清淤。"  # the rest of the packet applied


def test_county_cannot_tick_approved_on_its_request(pair: Pair) -> None:
    """The same through an extension the county requested honestly first: the county's
    copy may not turn it approved; the city's copy stays unapproved."""
    task = task_of(pair.county, COUNTY_A, Status.IN_PROGRESS).uuid
    pair.county.ledger.add("extension", task, {"new_deadline": "2027-06-30",
                                                "reason": "汛期施工受限"})
    ext = one(pair.county, select(Extension.uuid).where(Extension.owner == COUNTY_A))
    accepted(pair.city, pair.report())
    held = row(pair.city, "extension", ext)
    assert held is not None and held["approved"] == 0
    tamper(pair.county, "UPDATE extension SET approved = 1, approver = '市整改办', "
           "new_deadline = '2030-12-31', revision = revision + 1 WHERE uuid = ?", ext)
    refused(pair.city, pair.report(), "由市级决定")
    assert row(pair.city, "extension", ext) == held


def _rows_of(ctx: DeskContext) -> list[ledger_rows.TaskRow]:
    con = sqlite3.connect(ctx.paths.database)
    try:
        return ledger_rows.task_rows(con, TODAY, ctx.settings, unit_filter=COUNTY_A)
    finally:
        con.close()


# --- b. a city creates records in the county's name -----------------------------------


def _forged_city(back: Back, extra: dict[str, list[dict[str, Any]]]) -> Path:
    """The city's real packet to A, with ``extra`` rows (read from the city's own
    edited ledger) added to its data, counts fixed and signed again with the city's
    key: what a city desk running changed code would send."""
    packet = back.send()
    entries = read_entries(packet)
    data = json.loads(entries[mf.DATA_ENTRY])
    for name, rows in extra.items():
        data["tables"].setdefault(name, []).extend(rows)
    counts = {name: len(rows) for name, rows in data["tables"].items()}
    entries[mf.DATA_ENTRY] = json.dumps(data, ensure_ascii=False).encode()
    out = packet.with_name(f"forged-{packet.name}")
    return write_entries(out, resign(entries, back.identity, {"counts": counts}))


def _wire(ctx: DeskContext, table: str, uuid: str) -> dict[str, Any]:
    """A record of ``ctx`` as a packet carries it."""
    with ctx.store.read() as s:
        return encode_row(table_of(table), s.get(MODELS[table], uuid))


def test_city_cannot_create_records_in_the_countys_name(back: Back) -> None:
    """Why: "A city packet created records in the county's name (an approved extension,
    a task, a close-out decision)"."""
    task = task_of(back.city, COUNTY_A, Status.CLOSEOUT_REQUESTED)
    request = one(back.city, select(CloseoutRequest.uuid).where(
        CloseoutRequest.task_uuid == task.uuid))
    ext, new_task, decision = new_uuid(), new_uuid(), new_uuid()
    tamper(back.city, "INSERT INTO extension (uuid, owner, revision, updated_at, task_uuid, "
           "requested_on, previous_deadline, new_deadline, reason, approver, approved) "
           "VALUES (?, ?, 1, '2026-11-28 09:00:00', ?, '2026-11-20', NULL, '2030-12-31', "
           "'', '市整改办', 1)", ext, COUNTY_A, task.uuid)
    tamper(back.city, "INSERT INTO task (uuid, owner, revision, updated_at, round_uuid, number, "
           "unit_code, title, feedback, category, target, lead_unit_code, responsible_units, "
           "lead_official, deadline, ongoing, status) SELECT ?, ?, 1, '2026-11-28 09:00:00', "
           "round_uuid, 99, unit_code, '伪造任务', '', '', '', '', '[]', '', NULL, 0, "
           "'closed_out' FROM task WHERE uuid = ?", new_task, COUNTY_A, task.uuid)
    tamper(back.city, "INSERT INTO closeout_decision (uuid, owner, revision, updated_at, "
           "request_uuid, task_uuid, decided_on, approved, closeout_number, reasons, "
           "decided_by) VALUES (?, ?, 1, '2026-11-28 09:00:00', ?, ?, '2026-11-28', 1, "
           "'伪〔2026〕1号', '', '')", decision, COUNTY_A, request, task.uuid)
    before = dump(back.county)
    packet = _forged_city(back, {"extension": [_wire(back.city, "extension", ext)],
                                 "task": [_wire(back.city, "task", new_task)],
                                 "closeout_decision": [_wire(back.city, "closeout_decision",
                                                             decision)]})
    got = refused(back.county, packet, "市级不能以县级的名义建立")
    assert {t: got.merge.diff[t].refused for t in ("extension", "task", "closeout_decision")
            } == {"extension": 1, "task": 1, "closeout_decision": 1}
    for table, uuid in (("extension", ext), ("task", new_task), ("closeout_decision", decision)):
        assert row(back.county, table, uuid) is None
    assert task_of(back.county, COUNTY_A, Status.CLOSEOUT_REQUESTED).uuid == task.uuid
    # Nothing else changed at the county but the packet's own record and its audit.
    after = [line for line in dump(back.county) if line not in before]
    assert all("packet_record" in line or "audit" in line for line in after), after


def test_city_fills_in_only_its_part_of_county_records_born_there(back: Back) -> None:
    """A revisit scheduled for the county and a petition handed over in its name are
    born at the city; their results are the county's to record, not the city's."""
    task = task_of(back.city, COUNTY_A, Status.CLOSED_OUT).uuid
    revisit = new_uuid()
    tamper(back.city, "INSERT INTO revisit (uuid, owner, revision, updated_at, task_uuid, "
           "petition_uuid, due_date, done_date, inspector, findings, rebound) VALUES "
           "(?, ?, 1, '2026-11-28 09:00:00', ?, NULL, '2027-02-01', '2026-11-28', "
           "'市级核查组', '一切正常', 0)", revisit, COUNTY_A, task)
    petition = new_uuid()
    tamper(back.city, "INSERT INTO petition (uuid, owner, revision, updated_at, round_uuid, "
           "case_no, received_date, handed_over_date, location, content, category, "
           "complainant_name, complainant_phone, complainant_id, unit_code, substantiated, "
           "result, rectification_status, task_uuids) VALUES (?, ?, 1, "
           "'2026-11-28 09:00:00', NULL, '市信2026-950', '2026-11-01', '2026-11-02', '', "
           "'噪声扰民。', '', '', '', '', ?, '不属实', '已办结', 'done', '[]')",
           petition, COUNTY_A, COUNTY_A)
    got = refused(back.county, back.send(), "由县级填写，市级不能代填")
    assert (got.merge.diff["revisit"].refused, got.merge.diff["petition"].refused) == (1, 1)
    assert row(back.county, "revisit", revisit) is None
    assert row(back.county, "petition", petition) is None


def _accept_and_publish(city: DeskContext, task: str) -> None:
    """The city's acceptance and public notice (issue 12's steps) before an approval;
    the desk's today moves to the first day the notice allows a decision."""
    from desktop import clock
    from tests.packets.procedure_steps import accept_and_publish

    with city.ledger.batch() as s:
        first = accept_and_publish(s, city.code, task, TODAY)
    clock.set_today(max(TODAY, first))


def test_county_records_born_at_the_city_still_arrive(back: Back) -> None:
    """The honest counterpart: a close-out approved at the city schedules revisits in
    the county's name, which reach it with their results left for it to fill in."""
    task = task_of(back.city, COUNTY_A, Status.CLOSEOUT_REQUESTED)
    request = one(back.city, select(CloseoutRequest.uuid).where(
        CloseoutRequest.task_uuid == task.uuid))
    _accept_and_publish(back.city, task.uuid)
    back.city.ledger.decide_closeout(request, approved=True)
    got = accepted(back.county, back.send())
    assert got.merge.diff["revisit"].new == 2 and got.merge.diff["closeout_decision"].new == 1
    with back.county.store.read() as s:
        assert s.get(Task, task.uuid).status == Status.CLOSED_OUT  # type: ignore[union-attr]


def test_closeout_decision_only_from_the_city(back: Back) -> None:
    """Why: "A service accepts a close-out decision on a county desk": at the county a
    decision in any name but the enrolled city's is refused, and the service itself
    refuses to decide on a county ledger, whoever calls it."""
    task = task_of(back.county, COUNTY_A, Status.CLOSEOUT_REQUESTED)
    request = one(back.county, select(CloseoutRequest.uuid).where(
        CloseoutRequest.task_uuid == task.uuid))
    before = dump(back.county)
    with pytest.raises(UserError, match="只有市级台账可以审核销号申请"), \
            back.county.ledger.batch() as s:
        closeout.decide_closeout(s, request, COUNTY_A, approved=True, decided_on=TODAY)
    with pytest.raises(UserError, match="只有市级台账"):
        back.county.ledger.decide_closeout(request, approved=True)
    assert dump(back.county) == before
    # A decision the city signed but put in another desk's name.
    city_request = one(back.city, select(CloseoutRequest.uuid).where(
        CloseoutRequest.task_uuid == task.uuid))
    decision = new_uuid()
    tamper(back.city, "INSERT INTO closeout_decision (uuid, owner, revision, updated_at, "
           "request_uuid, task_uuid, decided_on, approved, closeout_number, reasons, "
           "decided_by) VALUES (?, '130699', 1, '2026-11-28 09:00:00', ?, ?, '2026-11-28', "
           "1, '伪〔2026〕2号', '', '')", decision, city_request, task.uuid)
    packet = _forged_city(back, {"closeout_decision": [
        _wire(back.city, "closeout_decision", decision)]})
    refused(back.county, packet, "市级不能下发")
    assert row(back.county, "closeout_decision", decision) is None
    assert task_of(back.county, COUNTY_A, Status.CLOSEOUT_REQUESTED).uuid == task.uuid


# --- c. what a close-out rests on is frozen -------------------------------------------


def _closed(pair: Pair) -> tuple[Task, str]:
    """A closed-out task of A with its acceptance check, as both desks hold it."""
    task = task_of(pair.city, COUNTY_A, Status.CLOSED_OUT)
    acceptance = one(pair.county, select(Acceptance.uuid).where(
        Acceptance.task_uuid == task.uuid))
    assert acceptance and row(pair.city, "acceptance", acceptance) is not None
    return task, acceptance


def test_county_cannot_delete_what_a_closeout_rests_on(pair: Pair, tmp_path: Path) -> None:
    """Why: "A county packet deleted, at the city, the acceptance check a city close-out
    rests on; the city could no longer print that certificate"."""
    task, acceptance = _closed(pair)
    write_certificate(pair.city, task.number, tmp_path / "before.pdf", unit=COUNTY_A)
    held = row(pair.city, "acceptance", acceptance)
    tamper(pair.county, "DELETE FROM acceptance WHERE uuid = ?", acceptance)
    other = task_of(pair.county, COUNTY_A, Status.IN_PROGRESS).uuid
    honest_edit(pair.county, other, "本月完成清淤。")
    got = refused(pair.city, pair.report(), "本机保留不删：这项任务已销号")
    assert got.merge.diff["acceptance"].deleted == 0
    assert row(pair.city, "acceptance", acceptance) == held
    assert narrative(pair.city, other) == "本月完成清淤。"
    issued = write_certificate(pair.city, task.number, tmp_path / "after.pdf", unit=COUNTY_A)
    assert issued is not None and (tmp_path / "after.pdf").stat().st_size > 0


def test_county_cannot_change_or_add_to_what_a_closeout_rests_on(pair: Pair) -> None:
    task, acceptance = _closed(pair)
    held = row(pair.city, "acceptance", acceptance)
    measure = one(pair.county, select(Measure.uuid).where(Measure.task_uuid == task.uuid))
    measure_held = row(pair.city, "measure", measure)
    tamper(pair.county, "UPDATE acceptance SET passed = 0, opinion = '不合格', "
           "revision = revision + 1 WHERE uuid = ?", acceptance)
    tamper(pair.county, "UPDATE measure SET description = '改过的措施', "
           "revision = revision + 1 WHERE uuid = ?", measure)
    added = new_uuid()
    tamper(pair.county, "INSERT INTO acceptance (uuid, owner, revision, updated_at, task_uuid, "
           "checked_on, inspector, opinion, passed) VALUES (?, ?, 1, '2026-11-28 09:00:00', "
           "?, '2026-11-28', '县验收组', '复验不合格', 0)", added, COUNTY_A, task.uuid)
    got = refused(pair.city, pair.report(), "这项任务已销号，销号所依据的记录")
    assert (got.merge.diff["acceptance"].refused, got.merge.diff["measure"].refused) == (2, 1)
    assert row(pair.city, "acceptance", acceptance) == held
    assert row(pair.city, "measure", measure) == measure_held
    assert row(pair.city, "acceptance", added) is None


def test_a_rebound_thaws_the_closed_task(pair: Pair) -> None:
    """The honest way: a revisit at the county finds a rebound, the task reopens, and
    its acceptance can be withdrawn; the city follows."""
    task, acceptance = _closed(pair)
    revisit = one(pair.county, select(Revisit.uuid).where(
        Revisit.task_uuid == task.uuid, Revisit.owner == COUNTY_A, Revisit.done_date.is_(None)))
    assert revisit
    pair.county.ledger.record_revisit(revisit, done_date=TODAY, inspector="县核查组",
                                      findings="堆场苫盖破损", rebound=True)
    pair.county.ledger.delete("acceptance", acceptance)
    got = accepted(pair.city, pair.report())
    assert got.merge.diff["acceptance"].deleted == 1
    assert row(pair.city, "acceptance", acceptance) is None
    assert task_of(pair.city, COUNTY_A, Status.REOPENED).uuid == task.uuid


# --- d. values no clerk could enter ----------------------------------------------------


def _petition(ctx: DeskContext, unit: str = COUNTY_A) -> str:
    return one(ctx, select(Petition.uuid).where(Petition.owner == unit)
               .order_by(Petition.case_no))  # type: ignore[no-any-return]


VALUE_CASES: dict[str, tuple[str, str, str]] = {
    # case: (table, SET clause, the clerk's words); each on a record of its own
    "petition rectification status": (
        "petition", "rectification_status = 'bogus'", "整改状态无效"),
    "petition substantiated": ("petition", "substantiated = '是'", "是否属实只能是"),
    "measure status": ("measure", "status = 'bogus'", "措施状态只能是"),
    "percent -1e300": ("progress", "percent = -1e300", "完成比例应为0到100之间的数"),
    "period not YYYY-MM": ("progress", "period = '2026-13'", "月份应写成 2026-05 这样的格式"),
    "implausible date": ("measure", "planned_date = '1900-01-01'", "不合常理"),
}


def _victims(ctx: DeskContext, table: str) -> list[str]:
    """Records of ``table`` of A's open tasks (petitions: all of A's)."""
    model: Any = MODELS[table]
    with ctx.store.read() as s:
        q = select(model.uuid).where(model.owner == COUNTY_A)
        if table != "petition":
            q = q.where(model.task_uuid.in_(select(Task.uuid).where(
                Task.unit_code == COUNTY_A, Task.status == Status.IN_PROGRESS)))
        return list(s.scalars(q.order_by(model.uuid)))


def test_values_no_clerk_could_enter(pair: Pair) -> None:
    """Why: "Values no clerk could enter were stored": each bad record of one packet is
    refused in the words the window uses, the rest of the packet applies."""
    picked: dict[str, tuple[str, str]] = {}
    used: dict[str, int] = {}
    for case, (table, change, _reason) in VALUE_CASES.items():
        uuid = _victims(pair.county, table)[used.get(table, 0)]
        used[table] = used.get(table, 0) + 1
        picked[case] = (table, uuid)
        tamper(pair.county, f"UPDATE {table} SET {change}, revision = revision + 1 "
               "WHERE uuid = ?", uuid)
    held = {case: row(pair.city, table, uuid) for case, (table, uuid) in picked.items()}
    other = _victims(pair.county, "measure")[-1]
    tamper(pair.county, "UPDATE measure SET responsible = '县水利局', revision = revision + 1 "
           "WHERE uuid = ?", other)
    got = refused(pair.city, pair.report(), VALUE_CASES["measure status"][2])
    warnings = [w.zh for w in got.warnings]
    for case, (table, uuid) in picked.items():
        assert any(uuid in w and VALUE_CASES[case][2] in w for w in warnings), (case, warnings)
        assert row(pair.city, table, uuid) == held[case], case
    assert sum(d.refused for d in got.merge.diff.values()) == len(VALUE_CASES)
    assert row(pair.city, "measure", other)["responsible"] == "县水利局"  # type: ignore[index]


def test_service_and_merge_say_the_same() -> None:
    """The window's way in (the services) refuses the same values in the same words."""
    from desktop.services import petitions, records

    for case, (table, change, reason) in VALUE_CASES.items():
        field, value = (part.strip(" '") for part in change.split("="))
        check = petitions.check_field if table == "petition" else (
            lambda n, v, t=table: records.clean_value(n, v, t))
        with pytest.raises(records.FieldError) as e:
            check(field, float(value) if case.startswith("percent") else value)
        assert reason in e.value.msg.zh, case


def test_percent_beyond_any_number(pair: Pair) -> None:
    """SQLite keeps an infinity (a NaN becomes NULL, which the column refuses): such a
    packet is refused whole at the city, before any merge, and nothing is written."""
    uuid = _victims(pair.county, "progress")[0]
    tamper(pair.county, "UPDATE progress SET percent = ?, revision = revision + 1 "
           "WHERE uuid = ?", float("-inf"), uuid)
    with pytest.raises(sqlite3.IntegrityError):
        tamper(pair.county, "UPDATE progress SET percent = ? WHERE uuid = ?", float("nan"),
               uuid)
    before = dump(pair.city)
    try:
        packet = pair.report()
    except (UserError, ValueError):
        # Today the county's own export stops here (canonical JSON has no infinities:
        # a ValueError, not yet a clerk's message); nothing reaches the city.
        return
    outcome = importer.import_packets(pair.city, [packet], apply=True)
    assert not outcome.applied and outcome.packets[0].status == "rejected"
    assert dump(pair.city) == before


def test_evidence_linked_to_another_countys_measure(pair: Pair) -> None:
    evidence = one(pair.county, select(Evidence.uuid).where(
        Evidence.owner == COUNTY_A, Evidence.measure_uuid.is_(None),
        Evidence.task_uuid.is_not(None)).order_by(Evidence.uuid))
    theirs = one(pair.city, select(Measure.uuid).where(Measure.owner == COUNTY_B)
                 .order_by(Measure.uuid))
    assert evidence and theirs
    held = row(pair.city, "evidence", evidence)
    tamper(pair.county, "UPDATE evidence SET measure_uuid = ?, revision = revision + 1 "
           "WHERE uuid = ?", theirs, evidence)
    refused(pair.city, pair.report(), "佐证材料只能挂在同一任务的清单上")
    assert row(pair.city, "evidence", evidence) == held


def test_petition_linked_to_another_countys_task(pair: Pair) -> None:
    petition = _petition(pair.county)
    theirs = task_of(pair.city, COUNTY_B).uuid
    held = row(pair.city, "petition", petition)
    tamper(pair.county, "UPDATE petition SET task_uuids = ?, revision = revision + 1 "
           "WHERE uuid = ?", json.dumps([theirs]), petition)
    refused(pair.city, pair.report(), "信访件只能关联本单位的任务")
    assert row(pair.city, "petition", petition) == held


# --- g. task status moves -----------------------------------------------------------


def _shared_status(pair: Pair, task: str, status: str) -> None:
    tamper(pair.county, "UPDATE task SET status = ? WHERE uuid = ?", status, task)


@pytest.mark.parametrize("target", ["in_progress", "returned"])
def test_closed_out_task_moves_only_by_rebound(target: str, pair: Pair) -> None:
    task, _ = _closed(pair)
    _shared_status(pair, task.uuid, target)
    refused(pair.city, pair.report(), "不能由县级从")
    assert task_of(pair.city, COUNTY_A, Status.CLOSED_OUT).uuid == task.uuid


def test_an_old_rebound_does_not_reopen_a_later_closeout(pair: Pair) -> None:
    """A rebound found before the close-out now in force does not reopen it again."""
    task, _ = _closed(pair)
    with pair.city.store.read() as s:
        decided = s.scalars(select(CloseoutDecision.decided_on).where(
            CloseoutDecision.task_uuid == task.uuid, CloseoutDecision.approved.is_(True))
        ).first()
    assert decided is not None
    old = new_uuid()
    tamper(pair.county, "INSERT INTO revisit (uuid, owner, revision, updated_at, task_uuid, "
           "petition_uuid, due_date, done_date, inspector, findings, rebound) VALUES "
           "(?, ?, 1, '2026-11-28 09:00:00', ?, NULL, ?, ?, '县核查组', '当时反弹', 1)",
           old, COUNTY_A, task.uuid, "2020-01-01", "2020-01-02")
    _shared_status(pair, task.uuid, "reopened")
    acceptance = one(pair.county, select(Acceptance.uuid).where(
        Acceptance.task_uuid == task.uuid))
    tamper(pair.county, "DELETE FROM acceptance WHERE uuid = ?", acceptance)
    refused(pair.city, pair.report(), "不能由县级从")
    assert task_of(pair.city, COUNTY_A, Status.CLOSED_OUT).uuid == task.uuid
    assert row(pair.city, "acceptance", acceptance) is not None


# --- f. field rights, both ways: one table -------------------------------------------


def test_one_rights_table_for_door_and_merge() -> None:
    from desktop.domain import rights
    from desktop.packets import merge, scope

    assert scope.SHARED_COUNTY_FIELDS is rights.SHARED_COUNTY_FIELDS
    assert merge.SHARED_COUNTY_FIELDS is rights.SHARED_COUNTY_FIELDS
    assert rights.may_set("county", "extension", "approved") is not None
    assert rights.may_set("city", "extension", "approved") is None
    assert rights.may_create_for_county("extension") is not None
    assert rights.may_create_for_county("revisit") is None
    assert rights.city_fills_for_county("revisit", "findings") is not None
    assert rights.city_fills_for_county("revisit", "due_date") is None
    assert rights.may_create("city", "progress", desk=CITY, unit=COUNTY_A) is not None
    assert rights.may_create("city", "progress", desk=CITY, unit=CITY) is None


# --- honest desks still merge ----------------------------------------------------------


def test_honest_desks_merge_without_a_word(desks: Desks, tmp_path: Path) -> None:
    """Everything an honest county and city do through the door still merges: no
    refusal, no warning, both ways, over a month's work and a close-out decision."""
    county, city = desks.open(COUNTY_A), desks.open(CITY)
    try:
        enrol(city, county, desks.tmp / "enrol")
        p = Pair(county, city, keys.load(county, PASSPHRASE), tmp_path / "up")
        b = Back(city, county, keys.load(city, PASSPHRASE), tmp_path / "down")
        fp = keys.public_info(city)["fingerprint"]
        assert importer.import_packets(county, [b.send()], apply=True, fingerprint=fp).applied
        accepted(city, p.report())
        # A month of the county's work.
        task = task_of(county, COUNTY_A, Status.IN_PROGRESS).uuid
        honest_edit(county, task, "本月完成清淤。")
        county.ledger.add("measure", task, {"description": "加装在线监测", "planned_date":
                                            "2027-03-01"})
        county.ledger.add("extension", task, {"new_deadline": "2027-06-30", "reason": "汛期"})
        petition = _petition(county)
        county.ledger.set_fields("petition", petition, {"substantiated": "部分属实",
                                                        "rectification_status": "done"})
        got = accepted(city, p.report())
        assert got.merge.diff["measure"].new == 1 and got.merge.diff["extension"].new == 1
        # The city decides a close-out request and sends its packet back.
        requested = task_of(city, COUNTY_A, Status.CLOSEOUT_REQUESTED)
        request = one(city, select(CloseoutRequest.uuid).where(
            CloseoutRequest.task_uuid == requested.uuid))
        _accept_and_publish(city, requested.uuid)
        city.ledger.decide_closeout(request, approved=True)
        down = accepted(county, b.send())
        assert down.merge.diff["closeout_decision"].new == 1
        # The county's next packet carries the scheduled revisits back as its own.
        up = accepted(city, p.report())
        assert all(d.refused == 0 for d in up.merge.diff.values())
        assert deletions._owned(city, COUNTY_A) == deletions._owned(county, COUNTY_A)
    finally:
        county.close()
        city.close()


def test_city_does_no_county_work_on_a_countys_task(city: DeskContext) -> None:
    """The door asks the same: the city office keeps lists and progress only for its
    own departments' tasks; on a county's task that is the county's work (it would
    never travel: the county's packet is the copy that counts)."""
    task = task_of(city, COUNTY_A, Status.IN_PROGRESS).uuid
    before = dump(city)
    with pytest.raises(UserError, match="市级台账只能为市直部门自己的任务填写"):
        city.ledger.add("measure", task, {"description": "市级代填的措施"})
    with pytest.raises(UserError, match="市级台账只能为市直部门自己的任务填写"):
        city.ledger.save_progress(task, "2026-11", {"narrative": "市级代填"})
    assert dump(city) == before
    city.ledger.add("revisit", task, {"due_date": "2027-02-01"})  # the city's own kind


def test_county_sends_only_its_fields_of_shared_records(pair: Pair) -> None:
    """A county packet carries of a city task only its status (rights.SHARED_COUNTY_FIELDS):
    one that carries the title too, signed by the county's own key, is refused whole."""
    task = task_of(pair.city, COUNTY_A, Status.IN_PROGRESS)
    entries = read_entries(pair.report())
    data = json.loads(entries[mf.DATA_ENTRY])
    for shared in data["shared"]["task"]:
        if shared["uuid"] == task.uuid:
            shared["title"] = "县级改过的任务名称"
    entries[mf.DATA_ENTRY] = json.dumps(data, ensure_ascii=False).encode()
    packet = write_entries(pair.out / "forged.rdpkt", resign(entries, pair.identity))
    before = dump(pair.city)
    outcome = importer.import_packets(pair.city, [packet], apply=True)
    assert not outcome.applied and outcome.packets[0].status == "rejected"
    refusal = outcome.packets[0].inspection.refusal
    assert refusal is not None and "title" in refusal.msg.en
    assert dump(pair.city) == before


def test_county_cannot_move_a_revisit_the_city_scheduled(pair: Pair) -> None:
    """A revisit the city scheduled in the county's name keeps the city's due date; the
    county fills in only the result."""
    revisit = one(pair.city, select(Revisit.uuid).where(Revisit.owner == COUNTY_A,
                                                         Revisit.task_uuid.is_not(None)))
    due = row(pair.city, "revisit", revisit)["due_date"]  # type: ignore[index]
    tamper(pair.county, "UPDATE revisit SET due_date = '2099-01-01', revision = revision + 1 "
           "WHERE uuid = ?", revisit)
    accepted(pair.city, pair.report())
    assert row(pair.city, "revisit", revisit)["due_date"] == due  # type: ignore[index]


@pytest.mark.parametrize(("new_deadline", "reason", "words", "typed"), [
    # before the day it was asked for (typed today, it is a date already past)
    ("2026-11-01", "工期顺延", "应晚于申请日期", "应晚于今天"),
    ("2030-12-31", "  ", "请写明延期理由", "请写明延期理由"),
])
def test_an_extension_request_no_clerk_could_make_is_refused(
        pair: Pair, new_deadline: str, reason: str, words: str, typed: str) -> None:
    """The county's window refuses a request without a reason or for a date already
    past; the same request written into its database is refused at the city."""
    task = task_of(pair.county, COUNTY_A, Status.IN_PROGRESS).uuid
    with pytest.raises(UserError, match=typed):
        pair.county.ledger.add("extension", task, {"new_deadline": new_deadline,
                                                    "reason": reason})
    ext = new_uuid()
    tamper(pair.county, "INSERT INTO extension (uuid, owner, revision, updated_at, task_uuid, "
           "requested_on, previous_deadline, new_deadline, reason, approver, approved) "
           "VALUES (?, ?, 1, '2026-11-28 09:00:00', ?, '2026-11-20', NULL, ?, ?, '', 0)",
           ext, COUNTY_A, task, new_deadline, reason)
    got = refused(pair.city, pair.report(), words)
    assert got.merge.diff["extension"].refused == 1
    assert row(pair.city, "extension", ext) is None
