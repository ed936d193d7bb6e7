"""Property: whatever happens to packets on the way (delivered, lost, corrupted,
replayed), once a county packet gets through, the city holds exactly the county's
records (scope.county_snapshot on both sides), and no earlier packet changes that."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.models import Extension, Measure, Problem, Task
from desktop.packets import build, importer
from desktop.services import keys, petitions
from desktop.services.desk import DeskContext, open_desk
from tests.packets.conftest import CITY, COUNTY_A, PASSPHRASE, dump, enrol, same_county_records

COUNTY_ACTIONS = ("add", "edit", "delete", "progress")
CITY_ACTIONS = ("city_petition", "city_extension")
FATES = ("delivered", "lost", "corrupted")
STEP = st.one_of(
    st.tuples(st.sampled_from(COUNTY_ACTIONS), st.integers(0, 7)),
    st.tuples(st.sampled_from(CITY_ACTIONS), st.integers(0, 7)),
    st.tuples(st.just("county_packet"), st.sampled_from(FATES)),
    st.tuples(st.just("city_packet"), st.sampled_from(FATES)),
    st.tuples(st.just("replay"), st.integers(0, 7)),
)


def _tasks(ctx: DeskContext, *, open_only: bool = False) -> list[str]:
    with ctx.store.read() as s:
        query = select(Task.uuid).where(Task.unit_code == COUNTY_A)
        if open_only:  # what a close-out rests on is frozen: a clerk edits open tasks
            query = query.where(Task.status != "closed_out")
        return list(s.scalars(query.order_by(Task.number)))


def _county_does(county: DeskContext, action: str, n: int) -> None:
    """A clerk's act through the door, as the window would make it."""
    tasks = _tasks(county, open_only=True)
    task = tasks[n % len(tasks)]
    ledger = county.ledger
    with county.store.read() as s:
        measures = s.scalars(select(Measure.uuid).where(
            Measure.owner == county.code, Measure.task_uuid.in_(tasks))
            .order_by(Measure.uuid)).all()
        problems = s.scalars(select(Problem.uuid).where(
            Problem.owner == county.code, Problem.task_uuid.in_(tasks))
            .order_by(Problem.uuid)).all()
    if action == "add":
        ledger.add("problem", task, {"description": f"问题{n}"})
    elif action == "edit":
        if measures:
            ledger.set_fields("measure", measures[n % len(measures)], {"description": f"措施{n}"})
    elif action == "delete":
        if problems:
            ledger.delete("problem", problems[n % len(problems)])
    else:
        ledger.save_progress(task, "2026-11", {"narrative": f"进展{n}", "percent": str(n * 10)})


def _city_does(city: DeskContext, action: str, n: int, counter: list[int]) -> None:
    counter[0] += 1
    with city.store.write() as s:
        if action == "city_petition":
            petitions.register(s, CITY, COUNTY_A, {"case_no": f"市信-{counter[0]}",
                                                   "content": f"反映{n}"})
        else:
            task = _tasks(city)[n % 8]
            s.add(Extension(task_uuid=task, requested_on=date(2026, 11, 2),
                            new_deadline=date(2027, 3, n + 1), reason=f"延期{n}",
                            approved=True, owner=CITY))


def _corrupt(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = path.with_name("bad-" + path.name)
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.slow
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=3, max_size=7))
@example(steps=[("add", 1), ("county_packet", "delivered"), ("county_packet", "lost"),
                ("edit", 2), ("delete", 0), ("city_petition", 1), ("city_packet", "lost"),
                ("county_packet", "corrupted"), ("city_packet", "delivered"), ("replay", 0)])
def test_city_holds_the_county_records_after_any_delivered_packet(
        desk_templates: dict[str, Path], steps: list[tuple[str, object]]) -> None:
    root = Path(tempfile.mkdtemp(prefix="prop-"))
    try:
        for code in (CITY, COUNTY_A):
            shutil.copytree(desk_templates[code], root / code,
                            ignore=shutil.ignore_patterns("*.lock"))
        with open_desk(root / CITY) as city, open_desk(root / COUNTY_A) as county:
            _run(city, county, root, steps)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(city: DeskContext, county: DeskContext, root: Path,
         steps: list[tuple[str, object]]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keys, "scrypt_n", 2**12)
        enrol(city, county, root / "enrol")
    id_a, id_city = keys.load(county, PASSPHRASE), keys.load(city, PASSPHRASE)
    fp = keys.public_info(city)["fingerprint"]
    made: dict[str, list[Path]] = {"county": [], "city": []}
    imported = {"county": 0, "city": 0}  # newest sequence imported on the other side
    counter = [0]
    for what, arg in [*steps, ("county_packet", "delivered")]:
        if what in COUNTY_ACTIONS:
            _county_does(county, what, int(arg))  # type: ignore[call-overload]
        elif what in CITY_ACTIONS:
            _city_does(city, what, int(arg), counter)  # type: ignore[call-overload]
        elif what in ("county_packet", "city_packet"):
            side, receiver = ("county", city) if what == "county_packet" else ("city", county)
            result = (build.export_county_packet(county, id_a, "2026-11", root / "usb")
                      if side == "county"
                      else build.export_city_packet(city, id_city, COUNTY_A, root / "back"))
            made[side].append(result.path)
            if arg == "lost":
                continue
            path = _corrupt(result.path) if arg == "corrupted" else result.path
            before = dump(receiver)
            got = importer.import_packets(receiver, [path], apply=True, fingerprint=fp)
            if arg == "corrupted":
                assert not got.applied and dump(receiver) == before
                continue
            assert got.applied, [str(c.msg) for c in got.packets[0].inspection.checks]
            imported[side] = result.manifest.sequence
            if side == "county":
                assert same_county_records(city, county, COUNTY_A)
        else:  # an old packet of the county arrives again
            old = [p for p in made["county"]
                   if int(p.stem.rsplit("seq", 1)[1]) <= imported["county"]]
            if not old:
                continue
            before = dump(city)
            got = importer.import_packets(city, [old[int(arg) % len(old)]], apply=True)  # type: ignore[call-overload]
            assert got.packets[0].status in ("rejected", "already_imported")
            assert dump(city) == before
    assert same_county_records(city, county, COUNTY_A)
