"""A city and a county desk holding two inspection rounds, each with a task 1: the
central round (tasks 1 and 2) and the provincial one (task 1).  Built through the
city's door and the city's packet rows, as a real county receives them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from desktop.domain.plan import Deadline
from desktop.packets.merge import Merger, PacketMerge
from desktop.packets.scope import city_snapshot
from desktop.packets.wire import decode_row, table_of
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import init_desk

CITY, JX, DEPT = "130600", "130602", "130671"
CENTRAL = "第二轮中央生态环境保护督察"
PROVINCIAL = "河北省第二轮生态环境保护督察"


def _task(number: int, title: str, deadline: date) -> CatalogueTask:
    return CatalogueTask(number, title, f"{title}。", "达标", "1.排查；2.整治", DEPT, (JX,),
                         "张三", Deadline(deadline), "大气", (JX, DEPT))


def build(root: Path) -> tuple[Path, Path, dict[str, str]]:
    """``root``/city and ``root``/county; the rounds' ids by kind."""
    city = init_desk(root / "city", "city", CITY, "保定市整改办")
    county = init_desk(root / "county", "county", JX, "竞秀区")
    with city, county:
        city.ledger.add_unit(code=JX, name="保定市竞秀区", kind="county")
        city.ledger.add_unit(code=DEPT, name="保定市生态环境局", kind="department")
        central = city.ledger.add_round(
            name=CENTRAL, kind="central", feedback_date=date(2018, 10, 30)).value.uuid
        provincial = city.ledger.add_round(
            name=PROVINCIAL, kind="provincial", feedback_date=date(2020, 3, 5)).value.uuid
        city.ledger.save_catalogue_task(central, _task(1, "中央一号燃煤锅炉整治",
                                                       date(2027, 6, 30)))
        city.ledger.save_catalogue_task(central, _task(2, "中央二号工业园区治理",
                                                       date(2027, 9, 30)))
        city.ledger.save_catalogue_task(provincial, _task(1, "省级一号河道清理",
                                                          date(2027, 3, 31)))
        with city.store.read() as s:
            raw = city_snapshot(s, CITY, JX)
        tables = {n: [decode_row(table_of(n), r) for r in rows] for n, rows in raw.items()}
        with county.ledger.batch(actor="import") as s:
            Merger(s, JX, "county").merge_city(CITY, tables, PacketMerge())
    return root / "city", root / "county", {"central": central, "provincial": provincial}


_built: dict[Path, tuple[Path, Path, dict[str, str]]] = {}


def copy(template_root: Path, target: Path) -> tuple[Path, Path, dict[str, str]]:
    """A fresh copy of the two desks (built once into ``template_root``)."""
    if template_root not in _built:
        _built[template_root] = build(template_root)
    _city, _county, ids = _built[template_root]
    for name in ("city", "county"):
        shutil.copytree(template_root / name, target / name,
                        ignore=shutil.ignore_patterns("*.lock"))
    return target / "city", target / "county", ids
