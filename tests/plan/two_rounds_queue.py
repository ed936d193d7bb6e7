"""The two-round desks of :mod:`tests.plan.two_rounds` with the county's extension
requests for task 1 of each round waiting in the city's review queue (merged from
the county's records as its packet brings them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.packets.merge import Merger, PacketMerge
from desktop.packets.scope import county_snapshot
from desktop.packets.wire import decode_row, table_of
from desktop.services.desk import open_desk
from tests.plan import two_rounds
from tests.plan.two_rounds import CITY, JX


def copy(template: Path, target: Path) -> tuple[Path, Path, dict[str, str]]:
    city, county, ids = two_rounds.copy(template, target)
    with open_desk(county) as ctx:
        for kind, until, reason in (
                ("central", date(2027, 12, 31), "中央督察任务：冬季不能施工"),
                ("provincial", date(2027, 10, 31), "省级督察任务：汛期不能施工")):
            ctx.ledger.request_extension(1, until=until, reason=reason, round_uuid=ids[kind])
        with ctx.store.read() as s:
            raw, raw_shared = county_snapshot(s, JX)
    tables = {n: [decode_row(table_of(n), r) for r in rows] for n, rows in raw.items()}
    shared = {n: [decode_row(table_of(n), r, partial=frozenset(r) - {"uuid"}) for r in rows]
              for n, rows in raw_shared.items()}
    with open_desk(city) as ctx, ctx.ledger.batch(actor="import") as s:
        Merger(s, CITY, "city").merge_county(JX, tables, shared, PacketMerge())
    return city, county, ids
