"""Attacks on joining a city (brief: attack, target 2): a county desk made with
``rectdesk init`` and given the city's first packet, when the city already holds that
county's work (a county that lost its PC and starts again, or any county of the city
demo).  F15, fixed: the city's first packet carries the county's own records as the
city holds them, and a desk holding none of its own takes them back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import CloseoutDecision, Task
from desktop.packets import build
from desktop.packets.join import join_city
from desktop.services import keys
from tests.packets.conftest import CITY, COUNTY_A, PASSPHRASE, Desks


def test_joining_a_city_that_holds_the_countys_work(desks: Desks, tmp_path: Path) -> None:
    city = desks.open(CITY)
    try:
        identity = keys.load(city, PASSPHRASE)
        packet = build.export_city_packet(city, identity, COUNTY_A, tmp_path / "usb").path
        fingerprint = keys.public_info(city)["fingerprint"]
    finally:
        city.close()
    county = join_city(tmp_path / "new-county", packet, fingerprint)
    try:
        with county.store.read() as s:
            closed = set(s.scalars(select(Task.uuid).where(Task.status == "closed_out")))
            decided = set(s.scalars(select(CloseoutDecision.task_uuid).where(
                CloseoutDecision.approved.is_(True))))
    finally:
        county.close()
    assert closed, "the demo city holds closed-out tasks of county A"
    assert closed <= decided, f"{len(closed - decided)} closed-out tasks with no decision"
