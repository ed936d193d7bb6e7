"""Attacks through packets (brief: attack, targets 1 and 4): county A holds its own key
and edits its own ledger with plain sqlite3, then sends the real ``packet export``.
Each record no clerk could have entered must be refused at the city (that record only,
with a warning), the rest applied, and the city's stored data as the rules say.

A fault not yet fixed is marked xfail (strict); the fixed ones are plain tests.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from db.models import new_uuid
from desktop.i18n import UserError
from desktop.packets import importer
from desktop.services.desk import DeskContext
from tests.packets import test_packet_deletions as deletions
from tests.packets.conftest import COUNTY_A, COUNTY_B
from tests.packets.test_packet_deletions import Pair
from tests.packets.test_packet_rights import honest_edit, narrative, row, tamper, task_of

pair = deletions.pair  # county A and the city, A's first packet imported


def _import(pair: Pair) -> importer.PacketOutcome:
    outcome = importer.import_packets(pair.city, [pair.report()], apply=True)
    assert outcome.applied
    return outcome.packets[0]


def _refused_one(pair: Pair, table: str, uuid: str) -> None:
    """Import A's packet at the city: ``uuid`` refused with a warning, the honest edit
    beside it applied."""
    task = task_of(pair.county, COUNTY_A, "in_progress").uuid
    honest_edit(pair.county, task, "本月完成管网排查。")
    got = _import(pair)
    assert narrative(pair.city, task) == "本月完成管网排查。"  # the rest applied
    assert got.status == "accepted_with_warnings", (got.status, got.merge.diff.get(table))
    assert got.merge.diff[table].refused == 1
    assert row(pair.city, table, uuid) is None


def _indicator_value(ctx: DeskContext, code: str, period: str, value: Any) -> str:
    uuid = new_uuid()
    tamper(ctx, "INSERT INTO indicator_value (uuid, owner, revision, updated_at, "
           "indicator_code, unit_code, period, value) VALUES (?, ?, 1, "
           "'2026-11-28 09:00:00', ?, ?, ?, ?)", uuid, COUNTY_A, code, COUNTY_A, period, value)
    return uuid


def test_percentage_above_100_from_a_county_packet(pair: Pair) -> None:
    uuid = _indicator_value(pair.county, "good_air_ratio", "2026-03", 150.0)
    _refused_one(pair, "indicator_value", uuid)


def test_indicator_value_for_a_future_month_from_a_county_packet(pair: Pair) -> None:
    uuid = _indicator_value(pair.county, "pm25", "2099-12", 12.0)
    _refused_one(pair, "indicator_value", uuid)


def test_progress_for_a_future_month_from_a_county_packet(pair: Pair) -> None:
    task = task_of(pair.county, COUNTY_A, "in_progress").uuid
    uuid = new_uuid()
    tamper(pair.county, "INSERT INTO progress (uuid, owner, revision, updated_at, task_uuid, "
           "period, narrative, percent, difficulties, next_steps, no_change) VALUES (?, ?, 1, "
           "'2026-11-28 09:00:00', ?, '2099-12', '全部完成。', 100, '', '', 0)",
           uuid, COUNTY_A, task)
    _refused_one(pair, "progress", uuid)


def _only_b_reports(ctx: DeskContext, code: str) -> None:
    con = sqlite3.connect(ctx.paths.database)
    try:
        with con:
            con.execute("UPDATE indicator SET reporting_units = ? WHERE code = ?",
                        (f'["{COUNTY_B}"]', code))
    finally:
        con.close()


def test_value_of_an_indicator_the_county_does_not_report(pair: Pair) -> None:
    _only_b_reports(pair.city, "pm25")
    uuid = _indicator_value(pair.county, "pm25", "2026-03", 500.0)
    _refused_one(pair, "indicator_value", uuid)


def test_door_value_of_an_indicator_the_county_does_not_report(pair: Pair) -> None:
    _only_b_reports(pair.county, "pm25")
    with pytest.raises(UserError):
        pair.county.ledger.set_indicator_value("pm25", "2026-10", 30.0)


def test_closeout_requested_without_its_conditions(pair: Pair) -> None:
    from desktop.services import review

    task = task_of(pair.county, COUNTY_A, "in_progress").uuid
    request = new_uuid()
    tamper(pair.county, "INSERT INTO closeout_request (uuid, owner, revision, updated_at, "
           "task_uuid, requested_on, requested_by, note) VALUES (?, ?, 1, "
           "'2026-11-28 09:00:00', ?, '2026-11-28', '县整改办', '')", request, COUNTY_A, task)
    tamper(pair.county, "UPDATE task SET status = 'closeout_requested' WHERE uuid = ?", task)
    got = _import(pair)
    with pair.city.store.read() as s:
        queued = {item["id"] for item in review.pending_items(s)}
    assert request not in queued, got.status  # the city is asked to decide it
    assert row(pair.city, "task", task)["status"] == "in_progress"


def test_overdue_petition_closed_against_the_rules(pair: Pair) -> None:
    from datetime import date

    from sqlalchemy import select

    from db.models import Petition
    from desktop.services import petition_cases

    today = date(2026, 11, 29)
    with pair.city.store.read() as s:
        late = [p.uuid for p in s.scalars(select(Petition).where(
            Petition.unit_code == COUNTY_A,
            Petition.closed_on.is_(None), Petition.due_date < today))]
        before = len(petition_cases.overdue(s, today, COUNTY_A))
    assert late and before
    uuid = late[0]
    tamper(pair.county, "UPDATE petition SET closed_on = '2000-01-01', substantiated = '', "
           "result = '', rectification_status = 'done', revision = revision + 1 "
           "WHERE uuid = ?", uuid)
    got = _import(pair)
    with pair.city.store.read() as s:
        after = len(petition_cases.overdue(s, today, COUNTY_A))
    assert got.merge.diff["petition"].refused == 1, got.status
    assert row(pair.city, "petition", uuid)["closed_on"] is None
    assert after == before


def test_extension_request_to_a_past_date(pair: Pair) -> None:
    from desktop.services import review

    task = task_of(pair.county, COUNTY_A, "in_progress").uuid
    ext = new_uuid()
    tamper(pair.county, "INSERT INTO extension (uuid, owner, revision, updated_at, task_uuid, "
           "requested_on, previous_deadline, new_deadline, reason, approver, approved) "
           "VALUES (?, ?, 1, '2026-11-28 09:00:00', ?, '2026-11-28', NULL, '1991-01-01', "
           "'工期顺延', '', 0)", ext, COUNTY_A, task)
    got = _import(pair)
    with pair.city.store.read() as s:
        queued = {item["id"] for item in review.pending_items(s)}
    assert ext not in queued, got.status
    assert row(pair.city, "extension", ext) is None


def test_accepted_without_an_acceptance(pair: Pair) -> None:
    from sqlalchemy import select

    from db.models import Acceptance

    task = task_of(pair.county, COUNTY_A, "in_progress").uuid
    with pair.county.store.read() as s:
        assert s.scalars(select(Acceptance).where(Acceptance.task_uuid == task)).first() is None
    tamper(pair.county, "UPDATE task SET status = 'accepted' WHERE uuid = ?", task)
    got = _import(pair)
    assert row(pair.city, "task", task)["status"] == "in_progress", got.status
