"""The plan's starting rows reach a new county once; what the county then deletes stays
deleted, and a county's records the city received are not sent back to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from db.models import Measure
from desktop.domain.plan import Deadline
from desktop.packets.merge import Merger, PacketMerge
from desktop.packets.scope import city_snapshot
from desktop.packets.wire import decode_row, table_of
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import DeskContext, init_desk

JX = "130602"


def _snapshot(city: DeskContext) -> dict[str, list[dict[str, object]]]:
    with city.store.read() as s:
        raw = city_snapshot(s, city.code, JX)
    return {name: [decode_row(table_of(name), r) for r in rows] for name, rows in raw.items()}


def _merge(county: DeskContext, tables: dict[str, list[dict[str, object]]]) -> PacketMerge:
    result = PacketMerge()
    with county.ledger.batch(actor="import") as s:
        Merger(s, JX, "county").merge_city("130600", tables, result)
    return result


def _measures(ctx: DeskContext) -> list[str]:
    with ctx.store.read() as s:
        return sorted(s.scalars(select(Measure.description)))


def test_starting_rows_once_and_deletions_stand(tmp_path: Path) -> None:
    city = init_desk(tmp_path / "city", "city", "130600", "保定市整改办")
    county = init_desk(tmp_path / "county", "county", JX, "竞秀区")
    with city, county:
        city.ledger.add_unit(code=JX, name="保定市竞秀区", kind="county")
        rid = city.ledger.add_round(name="第二轮", kind="provincial",
                                    feedback_date=date(2020, 3, 5)).value.uuid
        city.ledger.save_catalogue_task(rid, CatalogueTask(
            1, "问题", "问题。", "目标", "1.排查；2.整治", "", (JX,), "",
            Deadline(date(2027, 3, 31)), "", (JX,)))
        tables = _snapshot(city)
        assert len(tables["measure"]) == 2 and tables["measure"][0]["owner"] == JX
        _merge(county, tables)
        assert _measures(county) == ["排查", "整治"]
        with county.store.read() as s:
            gone = s.scalars(select(Measure.uuid).where(Measure.description == "排查")).one()
        county.ledger.delete("measure", gone)
        _merge(county, tables)  # the same rows again (a packet crossing the deletion)
        assert _measures(county) == ["整治"]
        # A county record the city got from a packet is the county's: not sent back.
        with city.ledger.batch(actor="import") as s:
            task = tables["task"][0]["uuid"]
            s.add(Measure(owner=JX, task_uuid=task, seq=3, description="县里加的措施"))
        assert len(_snapshot(city)["measure"]) == 2
