"""A county desk that joins a city already holding its work (attack finding F15): a new
PC made with ``init``, or a second one, given the city's first packet.

The city's packet to a county that has acknowledged none of its packets carries the
county's own records as the city holds them (data.json ``county_copy``).  A county desk
holding nothing of its own takes them back, each asked what the city asks of the
county's packet; a desk that has worked or reported keeps its own, whatever the copy
says.  A refused packet, or one that fails part-way, leaves the county as it was."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import CloseoutDecision, Evidence, Progress, Task
from desktop.cli import main
from desktop.packets import build, importer
from desktop.packets import manifest as mf
from desktop.packets.join import join_city
from desktop.packets.merge import Merger
from desktop.services import keys
from desktop.services.desk import DeskContext, init_desk
from desktop.signing.canonical import canonical_json
from tests.packets.conftest import (
    CITY,
    COUNTY_A,
    COUNTY_B,
    PASSPHRASE,
    Desks,
    county_part,
    dump,
    enrol,
    same_county_records,
)
from tests.packets.forge import read_entries, resign, write_entries

Edit = Callable[[dict[str, Any]], None]


def _first_packet(desks: Desks, county: str = COUNTY_A) -> tuple[Path, str, Any]:
    """The city's first packet for ``county``, the city key's fingerprint, its identity."""
    with desks.open(CITY) as city:
        identity = keys.load(city, PASSPHRASE)
        packet = build.export_city_packet(city, identity, county, desks.tmp / "usb").path
        return packet, keys.public_info(city)["fingerprint"], identity


def _data(packet: Path) -> dict[str, Any]:
    return dict(json.loads(read_entries(packet)[mf.DATA_ENTRY]))


def _forge(packet: Path, identity: Any, edit: Edit, name: str) -> Path:
    """The city's packet with data.json edited, counts fixed and signed by the city key
    (a dishonest or buggy city desk)."""
    entries = read_entries(packet)
    doc = json.loads(entries[mf.DATA_ENTRY])
    edit(doc)
    entries[mf.DATA_ENTRY] = canonical_json(doc)
    counts = dict(json.loads(entries[mf.MANIFEST_ENTRY])["counts"])
    counts.update({t: len(rows) for t, rows in doc["tables"].items()})
    counts.update({f"{mf.COUNTY_COPY_KEY}.{t}": len(rows)
                   for t, rows in doc.get(mf.COUNTY_COPY_KEY, {}).items()})
    out = packet.parent / "forged"
    out.mkdir(exist_ok=True)
    return write_entries(out / name, resign(entries, identity, {"counts": counts}))


def _fresh(desks: Desks, code: str = COUNTY_A) -> DeskContext:
    return init_desk(desks.tmp / f"new-{code}", "county", code, "竞秀区")


def test_the_citys_first_packet_carries_that_countys_own_records(desks: Desks) -> None:
    packet, _fp, _identity = _first_packet(desks)
    copy = _data(packet)[mf.COUNTY_COPY_KEY]
    with desks.open(CITY) as city:
        at_city, _shared = county_part(city, COUNTY_A)
    held = {t: rows for t, rows in at_city.items() if rows}
    carried = {t: [{k: v for k, v in r.items() if k != "updated_at"} for r in rows]
               for t, rows in copy.items()}
    assert carried == held  # everything of county A's own the city holds
    assert {r["owner"] for rows in copy.values() for r in rows} == {COUNTY_A}
    # Their evidence files go with them.
    names = set(read_entries(packet))
    assert {mf.EVIDENCE_PREFIX + r["sha256"] for r in copy["evidence"]} <= names
    # County B's packet carries B's records only.
    packet_b, _fp, _identity = _first_packet(desks, COUNTY_B)
    owners = {r["owner"] for rows in _data(packet_b).get(mf.COUNTY_COPY_KEY, {}).values()
              for r in rows}
    assert owners <= {COUNTY_B}


def test_a_new_county_desk_takes_back_its_own_records(desks: Desks) -> None:
    packet, fingerprint, _identity = _first_packet(desks)
    county = _fresh(desks)
    try:
        outcome = importer.import_packets(county, [packet], apply=True, fingerprint=fingerprint)
        p = outcome.packets[0]
        assert p.status == "accepted", [str(w) for w in p.warnings]
        assert p.merge.restored > 0
        assert [n.zh for n in p.merge.notes] == [
            f"本台账尚无本单位自己的记录，已从市级留存的副本恢复本单位记录 {p.merge.restored} 条"
            "（按县级录入的同样规则逐条核对）。"]
        assert p.to_json()["restored"] == p.merge.restored
        with desks.open(CITY) as city:
            assert same_county_records(city, county, COUNTY_A)
        with county.store.read() as s:
            closed = set(s.scalars(select(Task.uuid).where(Task.status == "closed_out")))
            decided = set(s.scalars(select(CloseoutDecision.task_uuid)))
            files = list(s.scalars(select(Evidence.sha256)))
        assert closed and closed <= decided
        assert files and all(county.paths.evidence_file(sha).exists() for sha in files)
    finally:
        county.close()


def test_a_plain_catalogue_packet_restores_nothing(desks: Desks) -> None:
    """The plan's starting rows the city made in the county's name are the plan, not
    the county's work: a county the city holds nothing else of restores none."""
    packet, fingerprint, identity = _first_packet(desks)

    def plan_only(doc: dict[str, Any]) -> None:
        lists = ("problem", "measure", "responsibility", "effect")
        doc["tables"] = {**doc["tables"], **{t: [] for t in (
            "closeout_decision", "city_acceptance", "public_notice", "revisit", "petition")}}
        for r in doc["tables"]["task"]:
            r.update(status="not_started")
        for r in doc["tables"]["measure"]:  # as the catalogue made them: nothing done yet
            r.update(done_date=None, status="planned")
        for r in doc["tables"]["effect"]:
            r.update(achieved=None)
        doc[mf.COUNTY_COPY_KEY] = {t: doc["tables"][t] for t in lists}

    plain = _forge(packet, identity, plan_only, "plain.rdpkt")
    county = _fresh(desks)
    try:
        outcome = importer.import_packets(county, [plain], apply=True, fingerprint=fingerprint)
        p = outcome.packets[0]
        assert p.status == "accepted", [str(w) for w in p.warnings]
        assert p.merge.restored == 0 and p.merge.notes == []
        assert p.merge.diff["problem"].new == len(_data(plain)["tables"]["problem"])
    finally:
        county.close()


def test_each_restored_record_is_asked_the_countys_rules(desks: Desks) -> None:
    packet, fingerprint, identity = _first_packet(desks)
    bad: dict[str, str] = {}

    def hostile(doc: dict[str, Any]) -> None:
        progress = doc[mf.COUNTY_COPY_KEY]["progress"]
        template = progress[0]
        other_unit = {**template, "uuid": str(uuid.uuid4()), "owner": COUNTY_B}
        over = {**progress[1], "percent": 150.0}
        progress[1] = over
        extension = {k: template[k] for k in ("owner", "revision", "updated_at", "task_uuid")}
        extension.update(uuid=str(uuid.uuid4()), requested_on="2026-10-08",
                         previous_deadline=None, new_deadline="2027-06-30", reason="冬季停工",
                         approver="本县自己", approved=True, decided_on="2026-10-09",
                         decision_note="")
        progress.append(other_unit)
        doc[mf.COUNTY_COPY_KEY]["extension"] = [extension]
        bad.update(owner=other_unit["uuid"], range=over["uuid"], decided=extension["uuid"])

    forged = _forge(packet, identity, hostile, "hostile.rdpkt")
    county = _fresh(desks)
    try:
        outcome = importer.import_packets(county, [forged], apply=True, fingerprint=fingerprint)
        p = outcome.packets[0]
        assert p.status == "accepted_with_warnings"
        text = "\n".join(w.zh for w in p.warnings)
        assert f"{bad['owner']} 未导入：记录属于“{COUNTY_B}”" in text
        assert f"{bad['range']} 未导入" in text
        assert "由市级决定，县级台账不能填写" in text
        with county.store.read() as s:
            for key in ("owner", "range"):
                assert s.get(Progress, bad[key]) is None
            assert s.scalars(select(Progress)).all()  # the rest restored
        assert p.merge.restored > 0
    finally:
        county.close()


def test_a_working_county_keeps_its_own_records(desks: Desks) -> None:
    """A county that has worked (the demo county) is not overwritten by the city's copy,
    honest or not: what it holds stands, what it lacks is refused and said so."""
    packet, fingerprint, identity = _first_packet(desks)
    extra = str(uuid.uuid4())

    def rewrite(doc: dict[str, Any]) -> None:
        progress = doc[mf.COUNTY_COPY_KEY]["progress"]
        for row in progress:
            row["narrative"] = "市级改写的进展"
            row["revision"] += 5
        progress.append({**progress[0], "uuid": extra, "period": "2026-01"})

    forged = _forge(packet, identity, rewrite, "rewrite.rdpkt")
    county = desks.open(COUNTY_A)
    try:
        before, _shared = county_part(county, COUNTY_A)
        outcome = importer.import_packets(county, [forged], apply=True, fingerprint=fingerprint)
        p = outcome.packets[0]
        assert p.merge.restored == 0 and p.merge.notes == []
        assert p.merge.diff["progress"].refused == 1
        assert any("本台账已有本单位自己的记录" in w.zh and "以本机为准" in w.zh
                   for w in p.warnings)
        after, _shared = county_part(county, COUNTY_A)
        assert after == before
    finally:
        county.close()


def test_a_refused_packet_leaves_the_joined_county_as_it_was(desks: Desks) -> None:
    packet, fingerprint, identity = _first_packet(desks)
    county = join_city(desks.tmp / "joined", packet, fingerprint)
    try:
        # A later city packet whose copy holds a table the county never sends.
        with desks.open(CITY) as city:
            second = build.export_city_packet(city, identity, COUNTY_A, desks.tmp / "usb2").path

        def task_in_copy(doc: dict[str, Any]) -> None:
            doc[mf.COUNTY_COPY_KEY] = {"task": doc["tables"]["task"][:1]}

        forged = _forge(second, identity, task_in_copy, "task-copy.rdpkt")
        before = dump(county)
        outcome = importer.import_packets(county, [forged], apply=True)
        assert not outcome.applied and outcome.packets[0].status == "rejected"
        refusal = outcome.packets[0].inspection.refusal
        assert refusal is not None and "数据格式不符合要求" in refusal.msg.zh
        assert dump(county) == before
    finally:
        county.close()


def test_a_merge_that_fails_part_way_leaves_the_county_as_it_was(
        desks: Desks, monkeypatch: pytest.MonkeyPatch) -> None:
    packet, fingerprint, _identity = _first_packet(desks)
    county = _fresh(desks)
    try:
        before = dump(county)
        real = Merger._county_record
        calls = {"n": 0}

        def failing(self: Merger, *args: Any, **kw: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 40:  # well into the restored records
                raise OSError("disk unplugged")
            return real(self, *args, **kw)

        monkeypatch.setattr(Merger, "_county_record", failing)
        with pytest.raises(OSError):
            importer.import_packets(county, [packet], apply=True, fingerprint=fingerprint)
        assert calls["n"] == 40
        assert dump(county) == before
    finally:
        county.close()
    # Joining with it leaves no ledger behind at all.
    calls["n"] = 0
    with pytest.raises(OSError):
        join_city(desks.tmp / "never", packet, fingerprint)
    assert not (desks.tmp / "never" / "ledger.sqlite3").exists()


def test_the_import_summary_says_what_was_restored(desks: Desks,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    packet, fingerprint, _identity = _first_packet(desks)
    home = desks.tmp / "cli-county"
    assert main(["--home", str(home), "init", "--role", "county", "--code", COUNTY_A,
                 "--name", "竞秀区"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "packet", "import", str(packet), "--apply",
                 "--fingerprint", fingerprint]) == 0
    out = capsys.readouterr().out
    assert "已从市级留存的副本恢复本单位记录" in out and "已导入。" in out


def test_the_restored_county_reports_what_the_city_holds(desks: Desks) -> None:
    """The new desk's first report changes nothing at the city: what it took back is
    exactly the city's copy, so nothing is refused, added, changed or deleted there."""
    packet, fingerprint, _identity = _first_packet(desks)
    county = join_city(desks.tmp / "joined", packet, fingerprint)
    try:
        identity = keys.create(county, "a long passphrase", check_strength=False)
        report = build.export_county_packet(county, identity, "2026-11", desks.tmp / "up").path
        with desks.open(CITY) as city:
            enrol(city, county, desks.tmp / "enrol")
            before = dump(city)
            outcome = importer.import_packets(city, [report])
            assert dump(city) == before  # a dry run
    finally:
        county.close()
    p = outcome.packets[0]
    assert p.status == "accepted", [str(w) for w in p.warnings]
    moved = {t: d.to_json() for t, d in p.merge.diff.items()
             if d.new or d.changed or d.deleted or d.refused}
    assert moved == {}


def test_the_join_order_holds_both_kinds_parents_first() -> None:
    """A city packet with the county's copy is merged in JOIN_ORDER: every table either
    kind of packet carries, each after every table it refers to."""
    from desktop.packets.scope import CITY_TABLES, COUNTY_TABLES, JOIN_ORDER

    assert len(set(JOIN_ORDER)) == len(JOIN_ORDER)
    assert set(JOIN_ORDER) == set(CITY_TABLES) | set(COUNTY_TABLES)
    position = {m.__tablename__: i for i, m in enumerate(JOIN_ORDER)}
    for model in JOIN_ORDER:
        for fk in model.__table__.foreign_keys:
            parent = fk.column.table.name
            if parent in position:
                assert position[parent] < position[model.__tablename__], (parent, model)


def test_a_close_out_that_cannot_be_restored_is_named(desks: Desks) -> None:
    """A closed-out task whose request is refused (here: a copy naming another unit as
    its owner) arrives without the approval it rests on: the clerk is told which."""
    packet, fingerprint, identity = _first_packet(desks)
    number: list[int] = []

    def orphan(doc: dict[str, Any]) -> None:
        decision = next(d for d in doc["tables"]["closeout_decision"] if d["approved"])
        for row in doc[mf.COUNTY_COPY_KEY]["closeout_request"]:
            if row["uuid"] == decision["request_uuid"]:
                row["owner"] = COUNTY_B
        number.extend(t["number"] for t in doc["tables"]["task"]
                      if t["uuid"] == decision["task_uuid"])

    forged = _forge(packet, identity, orphan, "orphan.rdpkt")
    county = _fresh(desks)
    try:
        outcome = importer.import_packets(county, [forged], apply=True, fingerprint=fingerprint)
        warnings = [w.zh for w in outcome.packets[0].warnings]
        assert (f"第 {number[0]} 号任务在市级为“已销号”，但本机没有市级批准销号的记录"
                "（其销号申请、决定未能导入），请与市级整改办核对。") in warnings
        named = [w for w in warnings if "在市级为“已销号”" in w]
        assert len(named) == 1  # the others' close-outs came back whole
    finally:
        county.close()
