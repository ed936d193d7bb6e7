"""``rectdesk check`` at the city runs over what the counties' packets brought: the
merged demo is clean, and a county's record that breaks a rule is found there."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Petition
from desktop.packets import build, importer
from desktop.services import consistency, keys
from tests.conftest import TODAY
from tests.packets.conftest import CITY, COUNTY_A, PASSPHRASE, Desks, enrol


def test_the_city_finds_a_broken_rule_in_a_merged_county_packet(desks: Desks) -> None:
    a, city = desks.open(COUNTY_A), desks.open(CITY)
    try:
        enrol(city, a, desks.tmp / "enrol")
        with city.store.read() as s:
            assert consistency.check(s, TODAY) == []
        # An older county desk let a clerk leave an unfounded petition in rectification.
        with a.store.write(actor="test") as s:
            p = s.scalars(select(Petition).where(Petition.unit_code == COUNTY_A)).first()
            assert p is not None
            p.substantiated, p.rectification_status = "不属实", "in_progress"
            case_no = p.case_no
        packet = build.export_county_packet(a, keys.load(a, PASSPHRASE), "2026-11",
                                            desks.tmp / "usb")
        applied = importer.import_packets(city, [packet.path], apply=True)
        assert applied.applied
        with city.store.read() as s:
            found = consistency.check(s, TODAY)
        assert [(f.rule, f.unit_code) for f in found] == [
            ("unfounded_in_rectification", COUNTY_A)]
        assert found[0].msg.zh == f"信访件 {case_no}：经核查不属实，却仍在整改中。"
    finally:
        a.close()
        city.close()
