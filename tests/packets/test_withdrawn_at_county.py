"""The county sees its withdrawn copy (issue 11): when the city takes county A out of a
task A had worked on, the city's packet keeps A's copy, marked withdrawn with the
reason.  At the county it shows as such: greyed in the ledger as 不再适用 with the
reason, marked in ``tasks list``; never counted and never red."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import InspectionRound, Task
from desktop.cli import main
from desktop.packets import build, importer
from desktop.services import catalogue, keys, ledger
from desktop.services.desk import DeskContext
from tests.conftest import TODAY
from tests.packets.conftest import CITY, COUNTY_A, PASSPHRASE, Desks

NUMBER = 3  # red at county A in the demo, and worked on (in progress)


@dataclass
class Withdrawn:
    city: DeskContext
    county: DeskContext
    task_uuid: str
    reason: str


def lights(county: DeskContext) -> dict[int, str]:
    with county.store.read() as s:
        return {r.number: r.light for r in ledger.task_rows(s, TODAY, county.settings)}


def take_out(city: DeskContext, county: DeskContext, out: Path) -> Withdrawn:
    """The city takes county A out of task NUMBER and sends its packet to A."""
    assert lights(county)[NUMBER] == "red"
    with city.store.read() as s:
        rid = s.scalars(select(InspectionRound.uuid)).one()
        entry = catalogue.entry_of(s, rid, NUMBER)
    assert entry is not None and COUNTY_A in entry.units
    smaller = dataclasses.replace(entry, units=tuple(u for u in entry.units if u != COUNTY_A))
    saved = city.ledger.save_catalogue_task(rid, smaller).value
    assert COUNTY_A in saved.withdrawn
    identity = keys.load(city, PASSPHRASE)
    packet = build.export_city_packet(city, identity, COUNTY_A, out).path
    done = importer.import_packets(county, [packet], apply=True,
                                   fingerprint=keys.public_info(city)["fingerprint"])
    assert done.applied
    with county.store.read() as s:
        task = s.scalars(select(Task).where(Task.round_uuid == rid, Task.number == NUMBER)
                         ).one()
        assert task.withdrawn  # kept: the county had worked on it
        return Withdrawn(city, county, task.uuid, task.withdrawn)


@pytest.fixture
def withdrawn(desks: Desks) -> Iterator[Withdrawn]:
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        yield take_out(city, county, desks.tmp / "usb")
    finally:
        county.close()
        city.close()


def run(capsys: pytest.CaptureFixture[str], home: str, *argv: str) -> str:
    capsys.readouterr()
    assert main(["--home", home, "--today", TODAY.isoformat(), *argv]) == 0
    return capsys.readouterr().out


def test_tasks_list_marks_the_withdrawn_copy(withdrawn: Withdrawn,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    home = str(withdrawn.county.paths.home)
    with withdrawn.county.store.read() as s:
        counted = len(ledger.task_rows(s, TODAY, withdrawn.county.settings))
    withdrawn.county.close()
    # The JSON lists the tasks that apply, as before; with --withdrawn the kept copy too.
    applying = json.loads(run(capsys, home, "tasks", "list", "--json"))
    assert withdrawn.task_uuid not in {r["uuid"] for r in applying}
    assert len(applying) == counted and all(r["withdrawn"] == "" for r in applying)
    rows = json.loads(run(capsys, home, "tasks", "list", "--json", "--withdrawn"))
    gone = [r for r in rows if r["withdrawn"]]
    assert [r["uuid"] for r in gone] == [withdrawn.task_uuid]
    assert gone[0]["withdrawn"] == withdrawn.reason and gone[0]["number"] == NUMBER
    assert gone[0]["light"] == "none" and gone[0]["days_left"] is None  # never red
    assert all(r["withdrawn"] == "" for r in rows if r["uuid"] != withdrawn.task_uuid)
    assert len(rows) == counted + 1
    # The text marks it, with the reason.
    line = next(x for x in run(capsys, home, "tasks", "list").splitlines()
                if x.split()[0] == str(NUMBER))
    assert "不再适用" in line and withdrawn.reason in line and "红灯" not in line
    # Never red, not counted: filters by light or status and the status counts skip it.
    red = json.loads(run(capsys, home, "tasks", "list", "--light", "red", "--json",
                         "--withdrawn"))
    assert withdrawn.task_uuid not in {r["uuid"] for r in red}
    started = json.loads(run(capsys, home, "tasks", "list", "--status", "in_progress",
                             "--json", "--withdrawn"))
    assert withdrawn.task_uuid not in {r["uuid"] for r in started}
    status = json.loads(run(capsys, home, "status", "--json"))
    assert status["tasks_total"] == counted
    assert withdrawn.task_uuid not in {o["uuid"] for o in status["overdue"]}


def test_tasks_list_in_english(withdrawn: Withdrawn, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    home = str(withdrawn.county.paths.home)
    withdrawn.county.close()
    monkeypatch.setenv("RECTDESK_LANG", "en")
    line = next(x for x in run(capsys, home, "tasks", "list").splitlines()
                if x.split()[0] == str(NUMBER))
    assert "no longer applies" in line and "Red" not in line
