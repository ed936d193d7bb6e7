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

from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    CityAcceptance,
    CloseoutDecision,
    CloseoutRequest,
    Desk,
    Effect,
    Extension,
    Indicator,
    IndicatorValue,
    InspectionRound,
    Measure,
    OrgUnit,
    Petition,
    Problem,
    Progress,
    PublicNotice,
    Responsibility,
    Revisit,
    Task,
)
from desktop.domain import periods
from desktop.domain.closeout import closeout_number
from desktop.domain.dates import add_months
from desktop.domain.revisits import schedule
from desktop.fileio import atomic_write_bytes
from desktop.i18n import Msg, UserError
from desktop.paths import DeskPaths, resources_dir
from desktop.services import consistency, keys
from desktop.services import desk as desk_service
from desktop.services.desk_peek import check_folder, take_lock
from desktop.services.evidence import add_bytes

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


class _Builder:
    def __init__(
        self, session: Session, ctx: desk_service.DeskContext, cat: dict[str, Any], today: date
    ) -> None:
        self.s = session
        self.ctx = ctx
        self.cat = cat
        self.today = today
        self.city = cat["city"]["code"]
        self.feedback = add_months(today, -10)
        self.round_uuid = demo_uuid("round")
        self.onsite_start = add_months(self.feedback, -5)
        self.onsite_end = add_months(self.feedback, -4)

    # --- catalogue (owned by the city) ---
    def catalogue(self) -> None:
        c = self.cat
        self.s.add(
            OrgUnit(
                uuid=demo_uuid("unit", self.city),
                code=self.city,
                name=c["city"]["name"],
                kind="city",
                owner=self.city,
            )
        )
        for u in c["counties"]:
            self.s.add(
                OrgUnit(
                    uuid=demo_uuid("unit", u["code"]),
                    code=u["code"],
                    name=u["name"],
                    kind=u.get("kind", "county"),
                    parent_code=self.city,
                    owner=self.city,
                )
            )
        for u in c["departments"]:
            self.s.add(
                OrgUnit(
                    uuid=demo_uuid("unit", u["code"]),
                    code=u["code"],
                    name=u["name"],
                    kind="department",
                    parent_code=self.city,
                    owner=self.city,
                )
            )
        r = c["round"]
        self.s.add(
            InspectionRound(
                uuid=self.round_uuid,
                name=r["name"] + DEMO_MARK,
                team=r.get("team", ""),
                onsite_start=self.onsite_start,
                onsite_end=self.onsite_end,
                feedback_date=self.feedback,
                owner=self.city,
            )
        )
        for ind in c["indicators"]:
            self.s.add(
                Indicator(
                    uuid=demo_uuid("indicator", ind["code"]),
                    code=ind["code"],
                    name=ind["name"],
                    unit_of_measure=ind["unit"],
                    baseline=ind["baseline"],
                    target=ind["target"],
                    higher_is_better=ind["higher_is_better"],
                    owner=self.city,
                )
            )
        self.s.flush()

    def deadline(self, t: dict[str, Any]) -> date | None:
        if t.get("ongoing"):
            return None
        if t["number"] % 9 == 0:  # a few deadlines inside the warning window
            return self.today + timedelta(days=3 + t["number"] % 25)
        return add_months(self.feedback, int(t["deadline_months"] or 12))

    # --- one county's part ---
    def county(self, code: str) -> None:
        for t in self.cat["tasks"]:
            self.task(code, t)
        self.petitions(code)
        self.indicator_values(code)

    def task(self, code: str, t: dict[str, Any]) -> None:
        s, today = self.s, self.today
        rng = random.Random(f"{code}:{t['number']}")
        tid = demo_uuid("task", code, t["number"])
        deadline = self.deadline(t)
        passed = deadline is not None and deadline < today
        roll = rng.random()
        if passed:
            status = (
                "closed_out"
                if roll < 0.55
                else "closeout_requested"
                if roll < 0.68
                else "in_progress"
            )
        elif deadline is None:
            status = "in_progress"
        else:
            status = "not_started" if roll < 0.1 else "accepted" if roll > 0.92 else "in_progress"
        task = Task(
            uuid=tid,
            round_uuid=self.round_uuid,
            number=t["number"],
            unit_code=code,
            title=t["title"],
            feedback=t["feedback"],
            category=t["category"],
            target=t["target"],
            lead_unit_code=t["lead_unit"],
            responsible_units=list(t["responsible"]),
            plan_measures=[m["text"] for m in t["measures"]],  # as the plan gave them
            lead_official=t["lead_official"],
            deadline=deadline,
            ongoing=bool(t.get("ongoing")),
            status=status,
            owner=self.city,
        )
        s.add(task)
        if status == "not_started" and rng.random() < 0.6:
            return  # not yet filled in: "most tasks" carry their four lists
        finished = status in ("closed_out", "closeout_requested", "accepted")
        add = self._adder(code, tid)
        for i, p in enumerate(t["problems"], 1):
            add(Problem, "problem", i, description=p, location=self.unit_name(code))
        n = len(t["measures"])
        end = deadline or add_months(today, 6)
        for i, m in enumerate(t["measures"], 1):
            planned = end - timedelta(days=(n - i) * 45)  # reverse schedule from the deadline
            done = finished or (planned < today - timedelta(days=20) and rng.random() < 0.8)
            add(
                Measure,
                "measure",
                i,
                description=m["text"],
                responsible=m.get("owner", ""),
                planned_date=planned,
                # A finished task's measures were all done before its self-check.
                done_date=(min(planned, today) - timedelta(days=45 if finished else 0))
                if done else None,
                status="done" if done else ("doing" if status != "not_started" else "planned"),
            )
        for i, r in enumerate(t["responsibilities"], 1):
            add(
                Responsibility,
                "responsibility",
                i,
                unit_name=self.unit_name(code),
                person=f"{r.get('person_title', '负责人')}（演示）",
                role=r.get("role", ""),
                contact=f"0312-{5000000 + t['number'] * 100 + i}",
            )
        for i, e in enumerate(t["effects"], 1):
            base, target = e.get("baseline"), e.get("target")
            achieved = None
            if finished:
                achieved = target
            elif status != "not_started" and base is not None and target is not None:
                achieved = round(base + (target - base) * rng.uniform(0.3, 0.8), 1)
            eff = add(
                Effect,
                "effect",
                i,
                indicator=e["indicator"],
                unit_of_measure=e.get("unit", ""),
                baseline=base,
                target=target,
                achieved=achieved,
                higher_is_better=e.get("higher_is_better", True),
            )
            if finished:
                add_bytes(
                    s,
                    self.ctx.paths,
                    code,
                    f"效果佐证-{t['number']}-{i}.png",
                    png_bytes(f"{code}:{t['number']}:{i}"),
                    task_uuid=tid,
                    effect_uuid=eff.uuid,
                    caption=f"{e['indicator']}现场照片（演示）",
                    uuid=demo_uuid("evidence", code, t["number"], i),
                    durable=False,
                )
        self.progress(code, tid, t, status, rng)
        if finished:
            self.closeout_trail(code, tid, t, status, deadline, rng)
        elif passed and rng.random() < 0.3:
            # An approved extension: the original deadline stays for statistics.
            new_deadline = add_months(deadline, 4)  # type: ignore[arg-type]
            s.add(
                Extension(
                    uuid=demo_uuid("extension", code, t["number"]),
                    task_uuid=tid,
                    requested_on=deadline - timedelta(days=10),  # type: ignore[operator]
                    previous_deadline=deadline,
                    new_deadline=new_deadline,
                    reason="受施工季节影响，工程需顺延（演示）",
                    approver="市整改办",
                    approved=True,
                    decided_on=deadline - timedelta(days=3),  # type: ignore[operator]
                    decision_note="同意延期（演示）",
                    owner=self.city,
                )
            )

    def _adder(self, code: str, tid: str) -> Callable[..., Any]:
        def add(model: type, kind: str, seq: int, **kw: Any) -> Any:
            obj = model(uuid=demo_uuid(kind, tid, seq), task_uuid=tid, seq=seq, owner=code, **kw)
            self.s.add(obj)
            return obj

        return add

    def unit_name(self, code: str) -> str:
        for u in self.cat["counties"]:
            if u["code"] == code:
                return u["name"]
        return code

    def progress(
        self, code: str, tid: str, t: dict[str, Any], status: str, rng: random.Random
    ) -> None:
        last = periods.shift(periods.period_of(self.today), -1)
        first = periods.shift(last, -5)
        start = max(first, periods.period_of(add_months(self.feedback, 1)))
        months = periods.periods_between(start, last)
        if status == "not_started":
            return
        pct = 0.0
        for i, period in enumerate(months):
            finished = status in ("closed_out", "closeout_requested", "accepted")
            if i == len(months) - 1 and not finished and rng.random() < 0.12:
                break  # this month not yet reported for some tasks (a finished one is at 100 %)
            quiet = i > 0 and rng.random() < 0.1
            if not quiet:
                # Unfinished work stops short of 100 % (a clerk would not claim it).
                cap = 100.0 if status in ("closed_out", "closeout_requested", "accepted") else 95.0
                pct = min(cap, pct + rng.uniform(8, 25))
            if status in ("closed_out", "closeout_requested", "accepted") and i == len(months) - 1:
                pct = 100.0
            measure = t["measures"][i % len(t["measures"])]["text"]
            self.s.add(
                Progress(
                    uuid=demo_uuid("progress", tid, period),
                    task_uuid=tid,
                    period=period,
                    narrative="本月无新进展。" if quiet else f"推进“{measure}”，完成阶段性工作。",
                    percent=round(pct, 1),
                    no_change=quiet,
                    difficulties="" if rng.random() < 0.7 else "资金到位较慢，部分点位需协调。",
                    next_steps="继续按倒排计划推进。",
                    owner=code,
                )
            )

    def closeout_trail(
        self,
        code: str,
        tid: str,
        t: dict[str, Any],
        status: str,
        deadline: date | None,
        rng: random.Random,
    ) -> None:
        s = self.s
        when = min(deadline or self.today, self.today) - timedelta(days=rng.randrange(15, 40))
        s.add(
            Acceptance(
                uuid=demo_uuid("acceptance", tid),
                task_uuid=tid,
                checked_on=when,
                inspector=f"{self.unit_name(code)}整改验收组",
                passed=True,
                opinion="经现场核查，整改措施落实到位，达到整改目标，同意验收。",
                owner=code,
            )
        )
        if status == "accepted":
            return
        req = demo_uuid("closeout-request", tid)
        s.add(
            CloseoutRequest(
                uuid=req,
                task_uuid=tid,
                requested_on=when + timedelta(days=5),
                requested_by=f"{self.unit_name(code)}整改办",
                owner=code,
                note="申请销号（演示）",
            )
        )
        if status != "closed_out":
            return
        accepted = when + timedelta(days=6)
        s.add(CityAcceptance(
            uuid=demo_uuid("city-acceptance", tid), task_uuid=tid, request_uuid=req,
            accepted_on=accepted, inspectors="市整改办验收组", method="onsite", passed=True,
            opinion="经现场核查，整改目标已实现，同意通过市级验收。", owner=self.city))
        s.add(PublicNotice(
            uuid=demo_uuid("public-notice", tid), task_uuid=tid, request_uuid=req,
            starts_on=accepted + timedelta(days=1), ends_on=accepted + timedelta(days=7),
            contact="保定市生态环境保护督察整改工作领导小组办公室", owner=self.city))
        decided = when + timedelta(days=14)  # the day after the notice ended
        # The same number at every desk that builds this demo: the county's place in
        # the catalogue and the task number make the sequence.
        idx = [u["code"] for u in self.cat["counties"]].index(code)
        seq = (idx + 1) * 100 + t["number"]
        s.add(
            CloseoutDecision(
                uuid=demo_uuid("closeout-decision", tid),
                request_uuid=req,
                task_uuid=tid,
                decided_on=decided,
                approved=True,
                owner=self.city,
                decided_by="市整改办",
                closeout_number=closeout_number(decided.year, seq),
                number_year=decided.year,
                number_seq=seq,
            )
        )
        for i, due in enumerate(schedule(decided, self.ctx.settings.revisit_months)):
            done = due <= self.today
            rebound = done and rng.random() < 0.06
            s.add(
                Revisit(
                    uuid=demo_uuid("revisit", tid, i),
                    task_uuid=tid,
                    due_date=due,
                    done_date=due if done else None,
                    owner=code,
                    inspector="回头看核查组" if done else "",
                    findings=("问题出现反弹，已重新启动整改。" if rebound else "未发现问题反弹。")
                    if done
                    else "",
                    rebound=rebound,
                )
            )
            if rebound:
                s.get(Task, tid).status = "reopened"  # type: ignore[union-attr]

    def petitions(self, code: str) -> None:
        templates = self.cat["petitions"]
        idx = [u["code"] for u in self.cat["counties"]].index(code)
        for k in range(3):
            p = templates[(idx * 3 + k) % len(templates)]
            rng = random.Random(f"{code}:petition:{k}")
            # The inspection team receives petitions while it is on site.
            onsite = (self.onsite_end - self.onsite_start).days
            received = self.onsite_start + timedelta(days=rng.randrange(0, onsite + 1))
            numbers = {t["number"] for t in self.cat["tasks"]}  # a cut catalogue has fewer
            tasks = [demo_uuid("task", code, n) for n in p.get("tasks", []) if n in numbers]
            pid = demo_uuid("petition", code, k)
            # An unfounded (不属实) petition has nothing left to rectify.
            done = rng.random() < 0.6 or p.get("substantiated") == "不属实"
            self.s.add(
                Petition(
                    uuid=pid,
                    round_uuid=self.round_uuid,
                    case_no=f"{p['case_no']}-{code}",
                    received_date=received,
                    handed_over_date=received + timedelta(days=2),
                    location=self.local(code, p["location"]),
                    content=p["content"],
                    category=p.get("category", ""),
                    complainant_name=p.get("complainant", ""),
                    complainant_phone=p.get("phone", ""),
                    unit_code=code,
                    substantiated=p.get("substantiated", ""),
                    result=p.get("result", ""),
                    rectification_status="done" if done else "in_progress",
                    task_uuids=tasks,
                    owner=code,
                    due_date=received + timedelta(days=32),
                    closed_on=received + timedelta(days=rng.randrange(15, 30)) if done else None,
                )
            )
            if done:
                self.s.add(
                    Revisit(
                        uuid=demo_uuid("petition-revisit", pid),
                        petition_uuid=pid,
                        due_date=add_months(received, 6),
                        done_date=None
                        if add_months(received, 6) > self.today
                        else add_months(received, 6),
                        findings="",
                        owner=code,
                    )
                )

    def local(self, code: str, place: str) -> str:
        """A template place moved into ``code``'s area: its own unit name in front."""
        for u in self.cat["counties"]:
            if place.startswith(u["name"]):
                place = place[len(u["name"]) :]
                break
        return self.unit_name(code) + place

    def indicator_values(self, code: str) -> None:
        last = periods.shift(periods.period_of(self.today), -1)
        for ind in self.cat["indicators"]:
            rng = random.Random(f"{code}:{ind['code']}")
            value = float(ind["baseline"])
            step = (ind["target"] - ind["baseline"]) / 8
            for i in range(6):
                period = periods.shift(last, i - 5)
                value = round(value + step * rng.uniform(0.4, 1.6), 1)
                self.s.add(
                    IndicatorValue(
                        uuid=demo_uuid("ivalue", ind["code"], code, period),
                        indicator_code=ind["code"],
                        unit_code=code,
                        period=period,
                        value=value,
                        owner=code,
                    )
                )


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


def build_demo(home: Path, role: str, code: str | None, today: date) -> desk_service.DeskContext:
    desk_service.check_role(role)
    cat = load_catalogue()
    county_codes = [u["code"] for u in cat["counties"]]
    city = cat["city"]
    if role == "city":
        code = code or city["code"]
        if code != city["code"]:
            raise UserError(
                Msg(
                    f"演示数据中市级单位代码是 {city['code']}。",
                    f"The demo city code is {city['code']}.",
                )
            )
        name = city["name"] + "生态环境保护督察整改办公室"
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
    ctx = _start(home, role, code, name + DEMO_MARK)
    created = not ctx.paths.evidence.exists()
    try:
        with ctx.ledger.batch(actor="demo") as s:
            desk = s.query(Desk).one()
            desk.demo = True
            # init_desk added this unit already; the catalogue brings every unit.
            s.query(OrgUnit).delete()
            s.flush()
            builder = _Builder(s, ctx, cat, today)
            builder.catalogue()
            for county in county_codes if role == "city" else [code]:
                builder.county(county)
            s.flush()
            # The demo shows what clerks could have made: it obeys the same rules
            # `rectdesk check` asks of any ledger, or it is not written at all.
            broken = consistency.check(s, today)
            if broken:
                raise RuntimeError("the demo breaks the domain's rules: "
                                   + "; ".join(f.msg.en for f in broken[:5]))
            os.sync()  # the evidence files were written without one fsync each
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
