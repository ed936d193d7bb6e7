"""The demonstration ledger: a Baoding-like inspection round with 55 tasks, laid out
relative to today so that every light and status appears.

Everything here is deterministic: identifiers are UUID5 names and the choices come
from random generators seeded with the county code and task number.  A county demo
is therefore exactly that county's part of the city demo, and demo desks can
exchange packets.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import struct
import uuid as uuidlib
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from db.audit import rewrite_as_inserts
from db.models import (
    Base,
    Desk,
    Evidence,
    IndicatorValue,
    Petition,
    Record,
    Revisit,
    Task,
    ids_from,
)
from desktop import clock
from desktop.domain import periods
from desktop.domain.dates import add_months
from desktop.domain.plan import Deadline
from desktop.fileio import atomic_write_bytes
from desktop.i18n import Msg, UserError
from desktop.paths import DeskPaths, resources_dir
from desktop.services import consistency, keys, taskdetail
from desktop.services import desk as desk_service
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk_peek import check_folder, take_lock
from desktop.services.door import Ledger

NAMESPACE = uuidlib.UUID("6f1c2b0e-5a57-4f5e-9a4e-2d7b3c1e0a55")
DEMO_MARK = "（演示数据）"


def demo_uuid(*parts: object) -> str:
    return str(uuidlib.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def load_catalogue() -> dict[str, Any]:
    return json.loads((resources_dir() / "demo" / "catalogue.json").read_text("utf-8"))


def png_bytes(seed: str, width: int = 96, height: int = 64) -> bytes:
    """A small, deterministic picture standing in for a site photo."""
    rng = random.Random(seed)
    base = [rng.randrange(60, 200) for _ in range(3)]
    rows = []
    for y in range(height):  # horizontal bands: cheap to make, still looks like a picture
        shade = (y * 3) % 40
        rows.append(b"\x00" + bytes(min(255, c + shade) for c in base) * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


class _Ids:
    """Record ids made from each record's table and values (and how many equal records
    came before): the same replay gives the same ids at every demo desk."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, table: str, values: dict[str, Any]) -> str:
        key = table + "|" + repr(sorted((k, repr(v)) for k, v in values.items()
                                        if k not in ("revision", "updated_at")))
        n = self.seen[key] = self.seen.get(key, 0) + 1
        return str(uuidlib.uuid5(NAMESPACE, f"{key}|{n}"))


class _Replay:
    """The demo's year, act by act, through the doors a clerk uses: the city sets up
    the round, its units, indicators and the task list; each county fills in its four
    lists, reports monthly, checks, asks for close-out and extensions, handles
    petitions and enters indicator values (with that county's rights, as its packets
    would bring them); the city accepts, publishes, decides and approves.  Each act
    happens on its own day (``clock.fixed``), so every date rule is asked as it was."""

    def __init__(self, ledger: Ledger, cat: dict[str, Any], today: date,
                 counties: list[str]) -> None:
        self.city = ledger
        self.cat = cat
        self.today = today
        self.city_code = cat["city"]["code"]
        self.feedback = add_months(today, -10)
        self.onsite_start = add_months(self.feedback, -5)
        self.onsite_end = add_months(self.feedback, -4)
        self.round_uuid = ""
        self.counties = [u["code"] for u in cat["counties"]]
        self.replayed = counties  # the units the plan's tasks are given to

    def county_ledger(self, code: str) -> Ledger:
        return self.city.acting_as("county", code, self.unit_name(code) + "整改办")

    def unit_name(self, code: str) -> str:
        for u in self.cat["counties"]:
            if u["code"] == code:
                return u["name"]
        return code

    # --- the city sets up its plan ---
    def plan(self) -> None:
        c, city = self.cat, self.city
        city.rename_unit(self.city_code, name=c["city"]["name"])
        for u in c["counties"]:
            city.add_unit(code=u["code"], name=u["name"], kind=u.get("kind", "county"))
        for u in c["departments"]:
            city.add_unit(code=u["code"], name=u["name"], kind="department")
        r = c["round"]
        self.round_uuid = city.add_round(
            name=r["name"] + DEMO_MARK, kind="provincial", feedback_date=self.feedback,
            onsite=(self.onsite_start, self.onsite_end), team=r.get("team", ""),
        ).value.uuid
        for ind in c["indicators"]:
            city.define_indicator(
                code=ind["code"], name=ind["name"], unit_of_measure=ind["unit"],
                higher_is_better=ind["higher_is_better"], target=ind["target"],
                baseline=ind["baseline"], reporting_units=self.counties)
        for t in c["tasks"]:
            city.save_catalogue_task(self.round_uuid, self.entry(t), new=True)

    def entry(self, t: dict[str, Any]) -> CatalogueTask:
        return CatalogueTask(
            number=t["number"], title=t["title"], feedback=t["feedback"], target=t["target"],
            measures="\n".join(m["text"] for m in t["measures"]),
            lead_unit_code=t["lead_unit"], responsible_units=tuple(t["responsible"]),
            lead_official=t["lead_official"],
            deadline=Deadline(self.deadline(t), bool(t.get("ongoing"))),
            category=t["category"], units=tuple(self.replayed))

    def deadline(self, t: dict[str, Any]) -> date | None:
        if t.get("ongoing"):
            return None
        if t["number"] % 9 == 0:  # a few deadlines inside the warning window
            return self.today + timedelta(days=3 + t["number"] % 25)
        return add_months(self.feedback, int(t["deadline_months"] or 12))

    # --- one county's year ---
    def county(self, code: str, *, numbers_only: bool = False) -> None:
        """``numbers_only``: replay just the tasks the city closes out (a county demo
        needs the counties before it only for the close-out numbers they took)."""
        county = self.county_ledger(code)
        for t in self.cat["tasks"]:
            self.task(county, code, t, numbers_only=numbers_only)
        if not numbers_only:
            self.petitions(county, code)
            self.indicator_values(county, code)

    @property
    def session(self) -> Session:
        session = self.city._session
        assert session is not None
        return session

    def copy_of(self, code: str, number: int) -> Task:
        return self.session.scalars(select(Task).where(
            Task.round_uuid == self.round_uuid, Task.number == number,
            Task.unit_code == code)).one()

    def rows(self, model: type[Any], task_uuid: str) -> list[Any]:
        return list(self.session.scalars(select(model).where(model.task_uuid == task_uuid)
                                    .order_by(model.seq)))

    def task(self, county: Ledger, code: str, t: dict[str, Any], *,
             numbers_only: bool = False) -> None:
        today = self.today
        rng = random.Random(f"{code}:{t['number']}")
        copy = self.copy_of(code, t["number"])
        tid = copy.uuid
        deadline = copy.deadline
        passed = deadline is not None and deadline < today
        roll = rng.random()
        if passed:
            status = ("closed_out" if roll < 0.55
                      else "closeout_requested" if roll < 0.68 else "in_progress")
        elif deadline is None:
            status = "in_progress"
        else:
            status = "not_started" if roll < 0.1 else "accepted" if roll > 0.92 else "in_progress"
        if numbers_only and status != "closed_out":
            return
        if status == "not_started" and rng.random() < 0.6:
            return  # the plan's starting rows only: not yet filled in
        finished = status in ("closed_out", "closeout_requested", "accepted")
        # Speed: a flush per edit would make the city's replay take half a minute.  The
        # lists and the months read nothing the edits before them wrote (a new row's
        # number counts the rows not yet written too).
        with self.session.no_autoflush:
            self.four_lists(county, code, t, tid, deadline, status, finished, rng)
            self.progress(county, tid, t, status, rng)
        self.session.flush()
        if finished:
            self.closeout_trail(county, code, tid, status, deadline, rng)
        elif deadline is not None and passed and rng.random() < 0.3:
            # An extension the city approved: the original deadline stays for statistics.
            asked = deadline - timedelta(days=10)
            with clock.fixed(asked):
                ext = county.request_extension(
                    t["number"], until=add_months(deadline, 4),
                    reason="受施工季节影响，工程需顺延（演示）", round_uuid=self.round_uuid).value
            with clock.fixed(asked + timedelta(days=7)):
                self.city.decide_extension(ext.uuid, approved=True, note="同意延期（演示）",
                                           approver="市整改办")

    def four_lists(self, county: Ledger, code: str, t: dict[str, Any], tid: str,
                   deadline: date | None, status: str, finished: bool,
                   rng: random.Random) -> None:
        """The county turns the plan's starting rows into its own lists."""
        today, name = self.today, self.unit_name(code)
        self.fill(county, "problem", tid, [
            {"description": p, "location": name} for p in t["problems"]])
        n = len(t["measures"])
        end = deadline or add_months(today, 6)
        measures = []
        for i, m in enumerate(t["measures"], 1):
            planned = end - timedelta(days=(n - i) * 45)  # reverse schedule from the deadline
            done = finished or (planned < today - timedelta(days=20) and rng.random() < 0.8)
            measures.append({
                "description": m["text"], "responsible": m.get("owner", ""),
                "planned_date": planned,
                # A finished task's measures were all done before its self-check.
                "done_date": (min(planned, today) - timedelta(days=45 if finished else 0))
                if done else None,
                "status": "done" if done else ("doing" if status != "not_started"
                                               else "planned")})
        self.fill(county, "measure", tid, measures)
        self.fill(county, "responsibility", tid, [
            {"unit_name": name, "person": f"{r.get('person_title', '负责人')}（演示）",
             "role": r.get("role", ""), "contact": f"0312-{5000000 + t['number'] * 100 + i}"}
            for i, r in enumerate(t["responsibilities"], 1)])
        effects = []
        for e in t["effects"]:
            base, target = e.get("baseline"), e.get("target")
            achieved = None
            if finished:
                achieved = target
            elif status != "not_started" and base is not None and target is not None:
                achieved = round(base + (target - base) * rng.uniform(0.3, 0.8), 1)
            effects.append({"indicator": e["indicator"], "unit_of_measure": e.get("unit", ""),
                            "baseline": base, "target": target, "achieved": achieved,
                            "higher_is_better": e.get("higher_is_better", True)})
        made = self.fill(county, "effect", tid, effects)
        if finished:
            self.session.flush()  # the pictures hang off the effects
            for i, (e, eff) in enumerate(zip(t["effects"], made, strict=True), 1):
                county.add_picture(
                    f"效果佐证-{t['number']}-{i}.png", png_bytes(f"{code}:{t['number']}:{i}"),
                    task_uuid=tid, effect_uuid=eff, caption=f"{e['indicator']}现场照片（演示）")

    def fill(self, county: Ledger, kind: str, tid: str, values: list[dict[str, Any]]
             ) -> list[str]:
        """The list's rows as ``values``: the plan's starting rows rewritten in order,
        then new rows; starting rows beyond ``values`` are deleted."""
        held = self.rows(taskdetail.model(kind), tid)
        out = []
        for i, row in enumerate(values):
            if i < len(held):
                out.append(county.set_fields(kind, held[i].uuid, row).value.uuid)
            else:
                out.append(county.add(kind, tid, row).value.uuid)
        for extra in held[len(values):]:
            county.delete(kind, extra.uuid)
        return out

    def progress(self, county: Ledger, tid: str, t: dict[str, Any], status: str,
                 rng: random.Random) -> None:
        last = periods.shift(periods.period_of(self.today), -1)
        first = periods.shift(last, -5)
        start = max(first, periods.period_of(add_months(self.feedback, 1)))
        months = periods.periods_between(start, last)
        if status == "not_started":
            return
        finished = status in ("closed_out", "closeout_requested", "accepted")
        pct = 0.0
        for i, period in enumerate(months):
            if i == len(months) - 1 and not finished and rng.random() < 0.12:
                break  # this month not yet reported for some tasks (a finished one is at 100 %)
            quiet = i > 0 and rng.random() < 0.1
            if not quiet:
                # Unfinished work stops short of 100 % (a clerk would not claim it).
                pct = min(100.0 if finished else 95.0, pct + rng.uniform(8, 25))
            if finished and i == len(months) - 1:
                pct = 100.0
            measure = t["measures"][i % len(t["measures"])]["text"]
            county.save_progress(tid, period, {
                "narrative": "本月无新进展。" if quiet else f"推进“{measure}”，完成阶段性工作。",
                "percent": round(pct, 1), "no_change": quiet,
                "difficulties": "" if rng.random() < 0.7 else "资金到位较慢，部分点位需协调。",
                "next_steps": "继续按倒排计划推进。"})

    def closeout_trail(self, county: Ledger, code: str, tid: str, status: str,
                       deadline: date | None, rng: random.Random) -> None:
        city = self.city
        when = min(deadline or self.today, self.today) - timedelta(days=rng.randrange(15, 40))
        with clock.fixed(when):
            county.record_acceptance(
                tid, checked_on=when, inspector=f"{self.unit_name(code)}整改验收组",
                opinion="经现场核查，整改措施落实到位，达到整改目标，同意验收。", passed=True)
        if status == "accepted":
            return
        with clock.fixed(when + timedelta(days=5)):
            req = county.request_closeout(tid, requested_by=f"{self.unit_name(code)}整改办",
                                          note="申请销号（演示）").value
        if status != "closed_out":
            return
        accepted = when + timedelta(days=6)
        with clock.fixed(accepted):
            city.record_city_acceptance(
                tid, accepted_on=accepted, inspectors="市整改办验收组", method="onsite",
                opinion="经现场核查，整改目标已实现，同意通过市级验收。", passed=True)
        with clock.fixed(accepted + timedelta(days=1)):
            city.start_notice(tid, contact="保定市生态环境保护督察整改工作领导小组办公室")
        decided = when + timedelta(days=14)  # the day after the notice ended
        with clock.fixed(decided):
            city.decide_closeout(req.uuid, approved=True, decided_by="市整改办")
        self.session.flush()  # the revisits the decision scheduled
        for rv in self.session.scalars(select(Revisit).where(Revisit.task_uuid == tid)
                                  .order_by(Revisit.due_date)):
            if rv.due_date > self.today:
                continue
            rebound = rng.random() < 0.06
            with clock.fixed(rv.due_date):
                county.record_revisit(
                    rv.uuid, done_date=rv.due_date, inspector="回头看核查组", rebound=rebound,
                    findings="问题出现反弹，已重新启动整改。" if rebound else "未发现问题反弹。")

    def petitions(self, county: Ledger, code: str) -> None:
        templates = self.cat["petitions"]
        idx = self.counties.index(code)
        numbers = {t["number"] for t in self.cat["tasks"]}  # a cut catalogue has fewer
        for k in range(3):
            p = templates[(idx * 3 + k) % len(templates)]
            rng = random.Random(f"{code}:petition:{k}")
            # The inspection team receives petitions while it is on site.
            onsite = (self.onsite_end - self.onsite_start).days
            received = self.onsite_start + timedelta(days=rng.randrange(0, onsite + 1))
            tasks = [self.copy_of(code, n).uuid for n in p.get("tasks", []) if n in numbers]
            with clock.fixed(received + timedelta(days=2)):
                pid = county.register_petition({
                    "case_no": f"{p['case_no']}-{code}", "received_date": received,
                    "handed_over_date": received + timedelta(days=2),
                    "location": self.local(code, p["location"]), "content": p["content"],
                    "category": p.get("category", ""),
                    "complainant_name": p.get("complainant", ""),
                    "complainant_phone": p.get("phone", ""),
                    "round_uuid": self.round_uuid, "due_date": received + timedelta(days=32),
                }, tasks).value.uuid
            # An unfounded (不属实) petition has nothing left to rectify.
            done = rng.random() < 0.6 or p.get("substantiated") == "不属实"
            closed = received + timedelta(days=rng.randrange(15, 30)) if done else None
            handling: dict[str, Any] = {"substantiated": p.get("substantiated", ""),
                                        "result": p.get("result", "")}
            if closed is not None:
                handling["closed_on"] = closed
            if any(handling.values()):
                with clock.fixed(closed or received + timedelta(days=20)):
                    county.handle_petition(pid, handling)
            if done:
                due = add_months(received, 6)
                rv = county.add_petition_revisit(pid, due).value
                if due <= self.today:
                    with clock.fixed(due):
                        county.record_revisit(rv.uuid, done_date=due, inspector="回头看核查组",
                                              findings="", rebound=False)

    def local(self, code: str, place: str) -> str:
        """A template place moved into ``code``'s area: its own unit name in front."""
        for u in self.cat["counties"]:
            if place.startswith(u["name"]):
                place = place[len(u["name"]) :]
                break
        return self.unit_name(code) + place

    def indicator_values(self, county: Ledger, code: str) -> None:
        last = periods.shift(periods.period_of(self.today), -1)
        for ind in self.cat["indicators"]:
            rng = random.Random(f"{code}:{ind['code']}")
            value = float(ind["baseline"])
            step = (ind["target"] - ind["baseline"]) / 8
            for i in range(6):
                period = periods.shift(last, i - 5)
                value = round(value + step * rng.uniform(0.4, 1.6), 1)
                county.set_indicator_value(ind["code"], period, value)


# Every table with records hanging off a task copy.
_TASK_CHILDREN = [m.class_ for m in Base.registry.mappers
                  if "task_uuid" in m.columns and m.class_ is not Task]


def _keep_only(session: Session, paths: DeskPaths, code: str) -> None:
    """Cut the replayed city down to county ``code``'s part: its task copies and all
    that hangs off them, its petitions and indicator values, and the plan itself."""
    session.execute(text("PRAGMA defer_foreign_keys = ON"))  # checked at commit
    other_tasks = select(Task.uuid).where(Task.unit_code != code)
    other_petitions = select(Petition.uuid).where(Petition.unit_code != code)
    for model in _TASK_CHILDREN:
        session.execute(delete(model).where(model.task_uuid.in_(other_tasks)))
    session.execute(delete(Revisit).where(Revisit.petition_uuid.in_(other_petitions)))
    session.execute(delete(Evidence).where(Evidence.petition_uuid.in_(other_petitions)))
    session.execute(delete(Petition).where(Petition.unit_code != code))
    session.execute(delete(Task).where(Task.unit_code != code))
    session.execute(delete(IndicatorValue).where(IndicatorValue.unit_code != code))
    kept = set(session.scalars(select(Evidence.sha256)))
    for path in paths.evidence.glob("*/*"):
        if path.is_file() and path.name not in kept:
            path.unlink()


# What a demo build makes in its folder, besides the database: a run killed half way
# leaves them behind with the marker, and the next run removes them (only those the
# marker lists: the folders that did not exist before that run).
_MADE = ("evidence", "keys")


def _start(home: Path, role: str, code: str, name: str) -> desk_service.DeskContext:
    """The new demo desk, with the marker written first; a folder still holding the
    marker of an interrupted build is wiped back to what it was and built again."""
    paths = DeskPaths(home)
    check_folder(home, create=True)
    lock = take_lock(paths)  # nobody else may be building or using this folder
    marked = False
    try:
        if paths.demo_marker.exists():
            desk_service.remove_new_database(paths)
            _remove_made(paths)
        if not paths.database.exists():  # else init_desk refuses, and the folder stays
            made = [n for n in _MADE if not (paths.home / n).exists()]
            atomic_write_bytes(paths.demo_marker, json.dumps({"made": made}).encode("utf-8"))
            marked = True
        return desk_service.init_desk(home, role, code, name, held=lock)
    except BaseException:
        if marked:
            _remove_made(paths)
        lock.release()
        raise


def _remove_made(paths: DeskPaths) -> None:
    try:
        made = json.loads(paths.demo_marker.read_text("utf-8"))["made"]
    except (OSError, ValueError, KeyError, TypeError):
        made = []
    for folder in made:
        if folder in _MADE:
            shutil.rmtree(paths.home / folder, ignore_errors=True)
    paths.demo_marker.unlink(missing_ok=True)


def build_demo(home: Path, role: str, code: str | None, today: date,
               progress: Callable[[int, int], None] | None = None
               ) -> desk_service.DeskContext:
    """Build the demo ledger in the empty folder ``home`` by replaying its year through
    the doors.  A county demo replays the whole city (so every id and close-out number
    is the city demo's) and keeps that county's part, as the city's packets give it."""
    desk_service.check_role(role)
    cat = load_catalogue()
    county_codes = [u["code"] for u in cat["counties"]]
    city = cat["city"]
    city_name = city["name"] + "生态环境保护督察整改办公室"
    if role == "city":
        code = code or city["code"]
        if code != city["code"]:
            raise UserError(
                Msg(
                    f"演示数据中市级单位代码是 {city['code']}。",
                    f"The demo city code is {city['code']}.",
                )
            )
        name = city_name
    else:
        code = code or county_codes[0]
        if code not in county_codes:
            raise UserError(
                Msg(
                    f"演示数据中没有代码为“{code}”的县级单位。可用：{'、'.join(county_codes)}",
                    f"No county “{code}” in the demo. Available: {', '.join(county_codes)}",
                )
            )
        name = next(u["name"] for u in cat["counties"] if u["code"] == code) + "整改办"
    # Both are built as the city, whose door alone may set up the plan and decide.
    with ids_from(_Ids()):  # the city's own unit, made with the desk, too
        ctx = _start(home, "city", city["code"], city_name + DEMO_MARK)
    created = not ctx.paths.evidence.exists()
    try:
        with ctx.ledger.batch(actor="demo") as s, ids_from(_Ids()):
            # A county's close-out numbers follow those the city gave the counties
            # before it: a county demo replays those counties and itself.
            replayed = county_codes if role == "city" else \
                county_codes[: county_codes.index(code) + 1]
            replay = _Replay(ctx.ledger, cat, today, replayed)
            replay.plan()
            for done, county in enumerate(replayed, 1):
                replay.county(county, numbers_only=role == "county" and county != code)
                if progress is not None:  # the window's progress bar: a county at a time
                    progress(done, len(replayed) + 1)
            s.flush()
            desk = s.query(Desk).one()
            desk.demo = True
            if role == "county":
                _keep_only(s, ctx.paths, code)
                desk.role, desk.code, desk.name = role, code, name + DEMO_MARK
                s.flush()
                records = [o for m in Base.registry.mappers if issubclass(m.class_, Record)
                           for o in s.scalars(select(m.class_))]
                s.info["desk_code"] = code
                rewrite_as_inserts(s, records)
            # The demo shows what clerks could have made: it obeys the same rules
            # `rectdesk check` asks of any ledger, or it is not written at all.
            broken = consistency.check(s, today)
            if broken:
                raise RuntimeError("the demo breaks the domain's rules: "
                                   + "; ".join(f.msg.en for f in broken[:5]))
            os.sync()  # the evidence files were written without one fsync each
        if role == "county":
            ctx.store.compact()  # the other counties' rows leave no empty pages behind
            ctx.role, ctx.code, ctx.name = role, code, name + DEMO_MARK
            ctx.store.desk_code = code
            ctx._ledger = None
        ctx.demo = True
        keys.create_demo_identity(ctx)  # signing key under the documented demo passphrase
    except BaseException:
        ctx.close()
        desk_service.remove_new_database(ctx.paths)  # a half-built demo helps nobody
        if created:
            shutil.rmtree(ctx.paths.evidence, ignore_errors=True)
        _remove_made(ctx.paths)
        raise
    ctx.paths.demo_marker.unlink()  # finished: the folder is an ordinary demo desk
    return ctx
