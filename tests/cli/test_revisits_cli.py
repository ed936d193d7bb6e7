"""Revisits due and overdue across tasks and petitions (回头看): the list, long-running
tasks revisited every N months, reminders at start and the monthly report; overdue
petitions in reminders and the report."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import reporting, revisit_plan
from desktop.services.desk import DeskContext
from tests.conftest import TODAY
from tests.exports.pdftools import pdf_text


def test_revisits_list_json(county_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(county_home), "revisits", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "the demo has revisits due"
    assert {"kind", "subject", "unit_code", "due_date", "days_left", "overdue"} <= set(rows[0])
    assert [r["due_date"] for r in rows] == sorted(r["due_date"] for r in rows)
    # Long-running tasks get their regular revisit (every 6 months by default).
    assert any(r["kind"] == "ongoing" for r in rows)
    assert all(r["overdue"] == (r["days_left"] < 0) for r in rows)
    assert main(["--home", str(county_home), "revisits"]) == 0
    out = capsys.readouterr().out
    assert "长期坚持" in out and ("逾期" in out or "还有" in out)


def test_ongoing_revisit_interval_is_a_setting(county_demo: DeskContext) -> None:
    settings = county_demo.settings
    with county_demo.store.read() as s:
        six = [r for r in revisit_plan.due_revisits(s, TODAY, settings) if r.kind == "ongoing"]
        later = [r for r in revisit_plan.due_revisits(
            s, TODAY, replace(settings, ongoing_revisit_months=24)) if r.kind == "ongoing"]
    assert six and len(later) < len(six)
    # Every regular revisit is due N months after the round's feedback (none done yet).
    with county_demo.store.read() as s:
        from db.models import InspectionRound

        feedback = s.query(InspectionRound).one().feedback_date
    from desktop.domain.revisits import next_ongoing

    assert {r.due_date for r in six} == {next_ongoing(feedback, 6)}


def test_reminders_and_monthly_report(county_demo: DeskContext, tmp_path: Path) -> None:
    with county_demo.store.read() as s:
        r = reporting.reminders(s, TODAY, county_demo.settings, county_demo.code)
        late_petitions = r.petitions_overdue
    assert r.revisits_due + r.revisits_overdue > 0
    assert late_petitions > 0  # the demo's petitions still in hand are past their due date
    from desktop.exports.monthly_report import write_monthly_report

    out = write_monthly_report(county_demo, tmp_path / "月报.pdf", "2026-10")
    text = "".join(pdf_text(out).split())
    assert "回头看" in text and "超过办理期限仍未办结的信访件共" in text
    assert date(2026, 10, 1) < TODAY
