"""The whole round trip with three desks: two counties report, the city verifies,
merges and decides, the city's packets go back, and nothing happens twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models import (
    CloseoutDecision,
    CloseoutRequest,
    PacketRecord,
    PeriodDeclaration,
    Progress,
    Revisit,
    Task,
    TrustedKey,
)
from desktop.packets import build, importer
from desktop.packets import manifest as mf
from desktop.packets.scope import city_snapshot
from desktop.services import closeout, keys, records
from tests.packets.conftest import CITY, COUNTY_A, COUNTY_B, PASSPHRASE, Desks, dump, enrol
from tests.packets.procedure_steps import accept_and_publish


def _task(s, unit: str, number: int) -> Task:  # type: ignore[no-untyped-def]
    return s.scalars(select(Task).where(Task.unit_code == unit, Task.number == number)).one()


def test_county_city_county_cycle(desks: Desks) -> None:
    out = desks.tmp / "usb"
    a, b, city = desks.open(COUNTY_A), desks.open(COUNTY_B), desks.open(CITY)
    try:
        enrol(city, a, desks.tmp / "enrol")
        enrol(city, b, desks.tmp / "enrol")
        id_a, id_b, id_city = (keys.load(c, PASSPHRASE) for c in (a, b, city))

        # County A reports real progress; county B requests a close-out.
        with a.store.write() as s:
            task3 = _task(s, COUNTY_A, 3)
            progress = records.save_progress(s, task3.uuid, a.code, a.role, "2026-11",
                                             {"narrative": "完成围挡与喷淋设施安装。",
                                              "percent": "60"})
            progress_uuid = progress.uuid
        with b.store.write() as s:
            task5 = _task(s, COUNTY_B, 5)
            request_b = closeout.request_closeout(s, task5.uuid, b.code, b.role,
                                                  requested_on=date(2026, 11, 20),
                                                  requested_by="莲池区整改办").uuid
        packet_a = build.export_county_packet(a, id_a, "2026-11", out)
        packet_b = build.export_county_packet(b, id_b, "2026-11", out, no_change=True)
        assert packet_a.path.name == "130602_2026-11_seq0001.rdpkt"
        assert packet_a.manifest.recipient == CITY

        # The city's dry run shows the diff and writes nothing.
        before = dump(city)
        dry = importer.import_packets(city, [packet_b.path, packet_a.path])
        assert [p.status for p in dry.packets] == ["accepted", "accepted"]
        assert dump(city) == before
        diff_a = dry.packets[0].merge.diff
        assert diff_a["progress"].new == 1
        assert dry.packets[1].merge.diff["closeout_request"].new == 1
        assert dry.packets[1].merge.diff["task"].changed == 1

        applied = importer.import_packets(city, [packet_a.path, packet_b.path], apply=True)
        assert applied.applied and [p.status for p in applied.packets] == ["accepted"] * 2
        with city.store.read() as s, a.store.read() as sa:
            row = s.get(Progress, progress_uuid)
            mine = sa.get(Progress, progress_uuid)
            assert row is not None and mine is not None
            assert (row.owner, row.revision, row.updated_at) == (a.code, mine.revision,
                                                                 mine.updated_at)
            assert _task(s, COUNTY_B, 5).status == "closeout_requested"
            assert s.scalars(select(PeriodDeclaration).where(
                PeriodDeclaration.unit_code == COUNTY_B)).one().no_change
            assert len(s.scalars(select(PacketRecord).where(
                PacketRecord.direction == "in")).all()) == 2
            request_a = s.scalars(select(CloseoutRequest).where(
                CloseoutRequest.task_uuid == _task(s, COUNTY_A, 7).uuid)).one().uuid

        # Importing the same packets again changes nothing.
        before = dump(city)
        again = importer.import_packets(city, [packet_a.path, packet_b.path], apply=True)
        assert [p.status for p in again.packets] == ["already_imported"] * 2
        assert dump(city) == before

        # The city approves A's request and returns B's.
        with city.store.write(actor="市整改办") as s:
            accept_and_publish(s, city.code, _task(s, COUNTY_A, 7).uuid, date(2026, 11, 28))
            closeout.decide_closeout(s, request_a, city.code, approved=True,
                                     decided_on=date(2026, 11, 28))
            closeout.decide_closeout(s, request_b, city.code, approved=False,
                                     decided_on=date(2026, 11, 28),
                                     reasons="佐证材料不足，请补充监测报告。")
        back_a = build.export_city_packet(city, id_city, COUNTY_A, out)
        back_b = build.export_city_packet(city, id_city, COUNTY_B, out)
        assert back_a.manifest.sequence == back_b.manifest.sequence == 1

        for county, packet, number, status in ((a, back_a, 7, "closed_out"),
                                                (b, back_b, 5, "returned")):
            before = dump(county)
            refused = importer.import_packets(county, [packet.path], apply=True)
            assert refused.packets[0].status == "rejected"
            assert "未登记" in refused.packets[0].inspection.refusal.msg.zh  # type: ignore[union-attr]
            assert dump(county) == before
            fp = keys.public_info(city)["fingerprint"]
            done = importer.import_packets(county, [packet.path], apply=True, fingerprint=fp)
            assert done.packets[0].status in ("accepted", "accepted_with_warnings"), \
                [str(w) for w in done.packets[0].warnings]
            with county.store.read() as s:
                assert _task(s, county.code, number).status == status
                decision = s.scalars(select(CloseoutDecision)).all()
                assert any(d.task_uuid == _task(s, county.code, number).uuid for d in decision)
                assert s.scalars(select(TrustedKey)).one().desk_code == CITY
            before = dump(county)
            again = importer.import_packets(county, [packet.path], apply=True)
            assert again.packets[0].status == "already_imported"
            assert dump(county) == before
        with a.store.read() as s:  # revisits scheduled by the approval reached the county
            task7 = _task(s, COUNTY_A, 7)
            assert s.scalars(select(Revisit).where(Revisit.task_uuid == task7.uuid,
                                                   Revisit.done_date.is_(None))).all()

        # The next county packets carry the decided statuses back without complaint,
        # and the city's second packet to A has nothing new or changed (the city's own
        # extensions, petitions and revisits are sent whole every time, so the county
        # sees the city's deletions).
        second = build.export_county_packet(a, id_a, "2026-11", out)
        assert second.manifest.sequence == 2
        result = importer.import_packets(city, [second.path], apply=True)
        assert result.packets[0].status == "accepted", [str(w) for w in result.packets[0].warnings]
        with city.store.read() as s:
            statuses = dict(s.execute(select(PacketRecord.sequence, PacketRecord.status).where(
                PacketRecord.sender_code == COUNTY_A)).all())
            assert statuses == {1: "superseded", 2: "accepted"}
            assert _task(s, COUNTY_A, 7).status == "closed_out"
        empty = build.export_city_packet(city, id_city, COUNTY_A, out)
        counts = empty.manifest.counts
        assert all(n == 0 for name, n in counts.items() if name not in mf.CITY_COMPLETE_TABLES)
        with city.store.read() as s:
            whole = city_snapshot(s, CITY, COUNTY_A)
        # Whole means the city's own records; the county's went once, as changes.
        assert all(counts[name] == len([r for r in whole[name] if r["owner"] == CITY])
                   for name in mf.CITY_COMPLETE_TABLES)
    finally:
        for ctx in (a, b, city):
            ctx.close()
