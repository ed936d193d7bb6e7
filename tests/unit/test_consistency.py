"""The domain's consistency rules (domain/consistency): each finds a hand-made
violation; the county and city demos break none; ``rectdesk check`` reports them."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Extension, Petition, Progress, Task
from desktop.cli import main
from desktop.domain import consistency as c
from desktop.i18n import Msg
from desktop.services import consistency, demo
from desktop.services.desk import DeskContext
from tests.conftest import TODAY
from tests.helpers import dump

D = date(2026, 6, 1)


def task(**kw: object) -> c.TaskFacts:
    base: dict[str, object] = dict(
        uuid="t1", number=7, unit_code="130602", status="closed_out",
        measures=[c.MeasureF(1, D)], effects=[c.EffectF("PM2.5", 35.0, 40.0, False)],
        acceptances=[(D + timedelta(days=5), True)], last_percent=100.0,
        approved_closeouts=[D + timedelta(days=20)])
    base.update(kw)
    return c.TaskFacts(**base)  # type: ignore[arg-type]


def petition(**kw: object) -> c.PetitionFacts:
    base: dict[str, object] = dict(
        uuid="p1", case_no="BD-1", unit_code="130602", received=D,
        onsite=(D - timedelta(days=10), D + timedelta(days=10)), substantiated="属实",
        rectification_status="done", closed_on=D + timedelta(days=20))
    base.update(kw)
    return c.PetitionFacts(**base)  # type: ignore[arg-type]


def rules_of(findings: list[c.Finding]) -> set[str]:
    return {f.rule for f in findings}


def test_a_sound_task_and_petition_give_no_finding() -> None:
    assert c.check_all([task()], [petition()], TODAY) == []


def test_a_measure_done_after_the_acceptance_is_found() -> None:
    bad = task(measures=[c.MeasureF(1, D), c.MeasureF(2, D + timedelta(days=9))])
    (f,) = c.measure_after_acceptance(bad, TODAY)
    assert f.task_number == 7 and "第 2 项措施完成于 2026-06-10，晚于验收日 2026-06-06" in f.msg.zh


def test_a_closed_out_task_under_100_percent_is_found() -> None:
    assert "最近一期进度为 95%" in c.closed_out_incomplete(task(last_percent=95.0), TODAY)[0].msg.zh
    assert c.closed_out_incomplete(task(last_percent=None), TODAY)
    assert "措施未完成" in c.closed_out_incomplete(
        task(measures=[c.MeasureF(1, None)]), TODAY)[0].msg.zh
    assert "未达到目标" in c.closed_out_incomplete(
        task(effects=[c.EffectF("PM2.5", 45.0, 40.0, False)]), TODAY)[0].msg.zh
    assert "没有通过的验收" in c.closed_out_incomplete(
        task(acceptances=[(D, False)]), TODAY)[0].msg.zh
    assert "没有市级批准" in c.closed_out_incomplete(task(approved_closeouts=[]), TODAY)[0].msg.zh
    # The same figures on a task still in progress break nothing.
    assert c.closed_out_incomplete(task(status="in_progress", last_percent=40.0), TODAY) == []


def test_a_petition_received_outside_the_on_site_period_is_found() -> None:
    (f,) = c.petition_in_round(petition(received=D + timedelta(days=11)), TODAY)
    assert f.rule == "petition_outside_round" and "不在督察进驻期" in f.msg.zh
    assert c.petition_in_round(petition(received=D - timedelta(days=10)), TODAY) == []


def test_an_unfounded_petition_still_in_rectification_is_found() -> None:
    bad = petition(substantiated="不属实", rectification_status="in_progress")
    assert "不属实" in c.unfounded_not_rectified(bad, TODAY)[0].msg.zh
    assert c.unfounded_not_rectified(petition(substantiated="不属实"), TODAY) == []


def test_an_extension_after_its_deadline_or_approved_undecided_is_found() -> None:
    late = c.ExtensionF("x1", D + timedelta(days=2), D, D + timedelta(days=90), True,
                        D + timedelta(days=3))
    assert "晚于原时限" in c.extension_order(task(extensions=[late]), TODAY)[0].msg.zh
    undecided = c.ExtensionF("x2", D - timedelta(days=2), D, D + timedelta(days=90), True, None)
    assert c.extension_order(task(extensions=[undecided]), TODAY)[0].record == "x2"
    shorter = c.ExtensionF("x3", D - timedelta(days=2), D, D, False, None)
    assert "不晚于原时限" in c.extension_order(task(extensions=[shorter]), TODAY)[0].msg.zh


def test_a_revisit_before_the_closeout_or_without_one_is_found() -> None:
    early = c.RevisitF("r1", D, D)
    assert c.revisit_order(task(revisits=[early]), TODAY)[0].record == "r1"
    assert "从未销号" in c.revisit_order(
        task(status="in_progress", approved_closeouts=[], revisits=[c.RevisitF("r2", D, None)]),
        TODAY)[0].msg.zh


def test_dates_after_today_are_found() -> None:
    future = TODAY + timedelta(days=1)
    found = c.dates_not_future(task(measures=[c.MeasureF(1, future)],
                                    acceptances=[(future, True)]), TODAY)
    assert len(found) == 2


def test_petition_closing_and_revisit_dates_are_found() -> None:
    assert c.petition_dates(petition(closed_on=D - timedelta(days=1)), TODAY)
    assert c.petition_dates(petition(revisits=[c.RevisitF("r", D, D)]), TODAY)


def test_the_county_demo_breaks_no_rule(county_demo: DeskContext) -> None:
    with county_demo.store.read() as s:
        assert consistency.check(s, TODAY) == []


@pytest.mark.slow
def test_the_city_demo_breaks_no_rule(tmp_path: Path) -> None:
    ctx = demo.build_demo(tmp_path / "city", "city", None, TODAY)
    try:
        with ctx.store.read() as s:
            tasks, petitions = consistency.gather(s)
            assert len(tasks) == 23 * 55 and len(petitions) == 23 * 3
            assert c.check_all(tasks, petitions, TODAY) == []
            # The demo keeps its character: every status the checks look at is there.
            statuses = {t.status for t in tasks}
            assert {"closed_out", "closeout_requested", "accepted", "in_progress"} <= statuses
            assert any(t.extensions for t in tasks)
    finally:
        ctx.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_check_says_clean_then_lists_findings_in_chinese(
        capsys: pytest.CaptureFixture[str], county_demo: DeskContext, county_home: Path) -> None:
    with county_demo.store.read() as s:
        closed = s.scalars(select(Task).where(Task.status == "closed_out")).first()
        assert closed is not None
        last = s.scalars(select(Progress).where(Progress.task_uuid == closed.uuid)
                         .order_by(Progress.period.desc())).first()
        petition_uuid = s.scalars(select(Petition.uuid)).first()
        number, last_uuid = closed.number, last.uuid  # type: ignore[union-attr]
        ext = s.scalars(select(Extension.uuid)).first()
    county_demo.close()
    code, out = run(capsys, "--home", str(county_home), "check")
    assert code == 0 and "数据检查通过" in out
    # Data that arrived behind the door (an old file, a tool): the check still sees it.
    db = sqlite3.connect(county_home / "ledger.sqlite3")
    db.execute("UPDATE progress SET percent = 80 WHERE uuid = ?", (last_uuid,))
    db.execute("UPDATE petition SET substantiated = '不属实', rectification_status = "
               "'in_progress' WHERE uuid = ?", (petition_uuid,))
    db.commit()
    db.close()
    before = dump(county_home / "ledger.sqlite3")
    code, out = run(capsys, "--home", str(county_home), "check")
    assert code == 1
    assert f"第 {number} 号任务（130602）：已销号，但最近一期进度为 80%，未达 100%。" in out
    assert "经核查不属实，却仍在整改中" in out and "共发现 2 处问题" in out
    code, out = run(capsys, "--home", str(county_home), "check", "--json")
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    assert {f["rule"] for f in data["findings"]} == {
        "closed_out_incomplete", "unfounded_in_rectification"}
    assert dump(county_home / "ledger.sqlite3") == before  # a check changes nothing
    assert ext is not None  # the demo still has an (approved, decided) extension


def test_a_demo_that_would_break_a_rule_is_not_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def always(t: c.TaskFacts, today: date) -> list[c.Finding]:
        return [c.Finding("test", t.unit_code, t.uuid, Msg("坏", "bad"), t.number)]

    monkeypatch.setattr(c, "TASK_RULES", (always,))
    home = tmp_path / "desk"
    with pytest.raises(RuntimeError, match="breaks the domain's rules"):
        demo.build_demo(home, "county", "130602", TODAY)
    assert not (home / "ledger.sqlite3").exists()
