"""Honest completeness: a packet counts as received when the city imports it (the
city's clock), not by the creation time its sender signed; the city clerk may record an
earlier receipt date for a packet handed over on paper or USB, within bounds, audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop.cli import main
from desktop.i18n import UserError
from desktop.packets import importer
from desktop.packets import manifest as mf
from desktop.services import completeness
from desktop.services.desk import open_desk
from tests import helpers
from tests.packets.conftest import CITY, COUNTY_A, Desks, Packets, enrol_file
from tests.packets.forge import read_entries, resign, write_entries


def _cli(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _cell(home: Path, period: str) -> completeness.Cell:
    with open_desk(home) as ctx, ctx.store.read() as s:
        cells = completeness.completeness(s, date(2026, 11, 29), 5, [period])
    return next(c for c in cells if c.unit_code == COUNTY_A)


@pytest.fixture
def imported(desks: Desks, packets: Packets, tmp_path: Path) -> Path:
    """The city, having imported on 2026-11-29 county A's September report whose signed
    creation time was back-dated to 2026-10-02 (before the 10-05 due day)."""
    entries = read_entries(packets.seq[1])
    backdated = write_entries(tmp_path / "b.rdpkt", resign(
        entries, packets.identity_a, {"created": "2026-10-02T01:00:00Z"}))
    with desks.open(CITY) as city:
        enrol_file(city, packets.enrol, COUNTY_A)
        assert importer.import_packets(city, [backdated], apply=True).applied
    return desks.homes[CITY]


def test_backdated_creation_time_does_not_make_a_packet_on_time(imported: Path) -> None:
    cell = _cell(imported, "2026-09")
    assert (cell.state, cell.reported_on) == ("late", date(2026, 11, 29))


def test_clerk_records_an_earlier_receipt(capsys: pytest.CaptureFixture[str],
                                          imported: Path) -> None:
    code, out, _ = _cli(capsys, imported, "packet", "received", "1", "--unit", COUNTY_A,
                        "--date", "2026-10-03")
    assert code == 0 and "2026-10-03" in out
    cell = _cell(imported, "2026-09")
    assert (cell.state, cell.reported_on) == ("on_time", date(2026, 10, 3))
    with open_desk(imported) as ctx, ctx.store.read() as s:
        event = s.scalars(select(AuditEntry).where(
            AuditEntry.field == "packet_receipt_recorded")).one()
        assert json.loads(event.new or "{}")["received_on"] == "2026-10-03"


@pytest.mark.parametrize(("day", "expected"), [
    ("2026-11-30", "晚于该包的导入日期"),  # after the import (and after today)
    ("2026-09-30", "早于该包的制作日期或报送月份的最后一天"),  # before the month ended
    ("2026-10-01", "早于该包的制作日期或报送月份的最后一天"),  # before it was made
    ("2026-10-3x", "日期应写成"),
])
def test_receipt_bounds(capsys: pytest.CaptureFixture[str], imported: Path, day: str,
                        expected: str) -> None:
    before = helpers.dump(imported / "ledger.sqlite3")
    code, _, err = _cli(capsys, imported, "packet", "received", "1", "--unit", COUNTY_A,
                        "--date", day)
    assert code == 1 and expected in err, err
    assert helpers.dump(imported / "ledger.sqlite3") == before


def test_unknown_packet_and_county_desk(capsys: pytest.CaptureFixture[str], imported: Path,
                                        desks: Desks) -> None:
    code, _, err = _cli(capsys, imported, "packet", "received", "7", "--unit", COUNTY_A,
                        "--date", "2026-11-01")
    assert code == 1 and "没有已导入的" in err
    with desks.open(COUNTY_A) as county, county.store.write() as s, \
            pytest.raises(UserError, match="只有市级台账"):
        completeness.record_receipt(s, county.role, COUNTY_A, 1, date(2026, 11, 1),
                                    date(2026, 11, 29))


def test_data_ack_must_be_well_formed(desks: Desks, packets: Packets, tmp_path: Path) -> None:
    entries = read_entries(packets.seq[1])
    data = json.loads(entries[mf.DATA_ENTRY])
    data[mf.ACK_KEY] = {"sequence": "1", "manifest_sha256": "x"}
    entries[mf.DATA_ENTRY] = json.dumps(data, ensure_ascii=False).encode()
    path = write_entries(tmp_path / "a.rdpkt", resign(entries, packets.identity_a))
    with desks.open(CITY) as city:
        enrol_file(city, packets.enrol, COUNTY_A)
        refusal = importer.import_packets(city, [path]).packets[0].inspection.refusal
    assert refusal is not None and refusal.code == "data"
