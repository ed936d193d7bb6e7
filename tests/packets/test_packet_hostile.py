"""Packets made by a hostile or broken sender: each ends in a message in Chinese, exit
code 1 on the command line where the packet is refused, and the receiving ledger as it
was; untrusted text is escaped before it reaches the terminal; report.pdf's PAdES
signature is checked against the enrolled certificate; a future month is refused."""

from __future__ import annotations

import json
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy import select

from db.models import Problem
from desktop.cli import main
from desktop.exports.pdfsign import sign_pdf
from desktop.packets import build, importer
from desktop.packets import manifest as mf
from desktop.services import keys, records
from desktop.services.desk import DeskContext
from tests import helpers
from tests.packets.conftest import (
    CITY,
    COUNTY_A,
    COUNTY_B,
    PASSPHRASE,
    Desks,
    Packets,
    dump,
    enrol,
    enrol_file,
    same_county_records,
)
from tests.packets.forge import read_entries, resign, write_entries


@pytest.fixture
def enrolled_city(city: DeskContext, packets: Packets) -> DeskContext:
    enrol_file(city, packets.enrol, COUNTY_A)
    enrol_file(city, packets.enrol, COUNTY_B)
    return city


@pytest.fixture
def city_home(desks: Desks, packets: Packets) -> Path:
    """The city's folder with both counties enrolled, closed (for the command line)."""
    with desks.open(CITY) as ctx:
        enrol_file(ctx, packets.enrol, COUNTY_A)
        enrol_file(ctx, packets.enrol, COUNTY_B)
    return desks.homes[CITY]


def _dump_home(home: Path) -> list[str]:
    return helpers.dump(home / "ledger.sqlite3")


def _cli(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _with_data(p: Packets, out: Path, raw: bytes, **change: object) -> Path:
    """County A's first packet with data.json replaced by ``raw``, signed again by A."""
    entries = {**read_entries(p.seq[1]), mf.DATA_ENTRY: raw}
    return write_entries(out, resign(entries, p.identity_a, change or None))


def _refused_cli(capsys: pytest.CaptureFixture[str], home: Path, path: Path,
                 expected: str) -> str:
    before = _dump_home(home)
    code, out, err = _cli(capsys, home, "packet", "import", str(path), "--apply")
    assert code == 1 and expected in out + err, out + err
    assert "Traceback" not in out + err
    assert _dump_home(home) == before
    return out


# --- §7: no traceback ------------------------------------------------------------------


def test_rejected_packet_in_an_applied_batch(capsys: pytest.CaptureFixture[str],
                                             city_home: Path, packets: Packets,
                                             tmp_path: Path) -> None:
    """Was ``KeyError: ''``: the good packets of a refused batch have a status too."""
    bad = write_entries(tmp_path / "bad.rdpkt",
                        {**read_entries(packets.seq[2]), "notes.txt": b"x"})
    before = _dump_home(city_home)
    home = city_home
    code, out, _ = _cli(capsys, home, "packet", "import", str(packets.seq[1]), str(bad),
                        "--apply", "--json")
    assert code == 1
    statuses = [p["status"] for p in json.loads(out)["packets"]]
    assert statuses == ["not_applied", "rejected"]
    code, out, _ = _cli(capsys, home, "packet", "import", str(packets.seq[1]), str(bad),
                        "--apply")
    assert code == 1 and "未导入（同批有被拒绝的报送包）" in out and "台账未做任何改动" in out
    assert _dump_home(city_home) == before


def test_five_thousand_digit_integer(capsys: pytest.CaptureFixture[str],
                                     city_home: Path, packets: Packets,
                                     tmp_path: Path) -> None:
    data = read_entries(packets.seq[1])[mf.DATA_ENTRY]
    huge = data.replace(b'"revision":1', b'"revision":' + b"9" * 5000, 1)
    assert huge != data
    out = _refused_cli(capsys, city_home, _with_data(packets, tmp_path / "x.rdpkt", huge),
                       "数据格式不符合要求")
    assert "已拒绝" in out


def test_lone_surrogate_in_the_manifest(capsys: pytest.CaptureFixture[str],
                                        city_home: Path, packets: Packets,
                                        tmp_path: Path) -> None:
    entries = read_entries(packets.seq[1])
    doc = json.loads(entries[mf.MANIFEST_ENTRY])
    doc["sender"]["name"] = "竞秀区\ud800"
    raw = json.dumps(doc).encode()  # ensure_ascii: the surrogate travels as \ud800
    path = write_entries(tmp_path / "s.rdpkt", {**entries, mf.MANIFEST_ENTRY: raw})
    _refused_cli(capsys, city_home, path, "签名清单格式无效")


def test_lone_surrogate_in_a_record_refuses_that_record(
        enrolled_city: DeskContext, packets: Packets, tmp_path: Path) -> None:
    doc = json.loads(read_entries(packets.seq[1])[mf.DATA_ENTRY])
    doc["tables"]["problem"][0]["description"] = "臭味\ud800"
    path = _with_data(packets, tmp_path / "s.rdpkt", json.dumps(doc).encode())
    outcome = importer.import_packets(enrolled_city, [path], apply=True)
    assert outcome.applied
    got = outcome.packets[0]
    assert got.merge.diff["problem"].refused == 1
    assert any("不成对的代理字符" in w.zh for w in got.warnings)


# --- §7: untrusted text escaped ----------------------------------------------------------


def test_sender_text_is_escaped_before_printing(capsys: pytest.CaptureFixture[str],
                                                city_home: Path, packets: Packets,
                                                tmp_path: Path) -> None:
    """Names the packet gives (here an entry its signed manifest lists) reach the
    terminal with escape sequences and direction controls shown, never acted on."""
    entries = read_entries(packets.seq[1])
    evil = "evil\x1b[2J\u202e.txt"
    signed = resign({**entries, evil: b"x"}, packets.identity_a)
    del signed[evil]  # listed in the manifest, missing from the zip
    path = write_entries(tmp_path / "e.rdpkt", signed)
    code, out, err = _cli(capsys, city_home, "packet", "verify", str(path))
    assert code == 1 and "\x1b" not in out + err and "\u202e" not in out + err
    assert "evil\\x1b[2J\\u202e.txt" in out


def test_control_characters_in_the_sender_name_refuse_the_manifest(
        capsys: pytest.CaptureFixture[str], city_home: Path, packets: Packets,
        tmp_path: Path) -> None:
    entries = read_entries(packets.seq[1])
    doc = json.loads(entries[mf.MANIFEST_ENTRY])
    doc["sender"]["name"] = "竞秀区\x1b]0;pwned\x07\x1b[2J"
    path = write_entries(tmp_path / "n.rdpkt",
                         {**entries, mf.MANIFEST_ENTRY: json.dumps(doc).encode()})
    code, out, err = _cli(capsys, city_home, "packet", "verify", str(path))
    assert code == 1 and "\x1b" not in out + err and "签名清单格式无效" in out


# --- §4: a future month -----------------------------------------------------------------


def test_future_period_is_refused(enrolled_city: DeskContext, packets: Packets,
                                  tmp_path: Path) -> None:
    entries = read_entries(packets.seq[1])
    data = json.loads(entries[mf.DATA_ENTRY])
    data["period"] = "2026-12"
    entries[mf.DATA_ENTRY] = json.dumps(data, ensure_ascii=False).encode()
    path = write_entries(tmp_path / "f.rdpkt",
                         resign(entries, packets.identity_a, {"period": "2026-12"}))
    before = dump(enrolled_city)
    outcome = importer.import_packets(enrolled_city, [path], apply=True)
    refusal = outcome.packets[0].inspection.refusal
    assert refusal is not None and refusal.code == "period"
    assert "未来月份的月报不能接收" in refusal.msg.zh
    assert dump(enrolled_city) == before


# --- §6: report.pdf's PAdES signature ----------------------------------------------------


def _with_pdf(p: Packets, out: Path, pdf: bytes) -> Path:
    """County A's packet with another report.pdf, the manifest signed again with A's
    own key: only the PDF check can find it."""
    return write_entries(out, resign({**read_entries(p.seq[1]), mf.PDF_ENTRY: pdf},
                                     p.identity_a))


def test_pdf_signature_is_checked_and_shown(enrolled_city: DeskContext,
                                            packets: Packets) -> None:
    outcome = importer.import_packets(enrolled_city, [packets.seq[1]])
    check = next(c for c in outcome.packets[0].inspection.checks if c.code == "pdf")
    assert check.state == "passed" and "报告 PDF 的电子签章有效" in check.msg.zh


def test_tampered_pdf_is_refused(enrolled_city: DeskContext, packets: Packets,
                                 tmp_path: Path) -> None:
    pdf = read_entries(packets.seq[1])[mf.PDF_ENTRY]
    at = pdf.index(b"/Producer")
    tampered = pdf[:at] + b"/Producxr" + pdf[at + 9:]
    before = dump(enrolled_city)
    outcome = importer.import_packets(
        enrolled_city, [_with_pdf(packets, tmp_path / "t.rdpkt", tampered)], apply=True)
    refusal = outcome.packets[0].inspection.refusal
    assert refusal is not None and refusal.code == "pdf", refusal
    assert "电子签章无效" in refusal.msg.zh
    assert dump(enrolled_city) == before


def test_pdf_with_content_added_after_signing_is_refused(
        enrolled_city: DeskContext, packets: Packets, tmp_path: Path) -> None:
    pdf = read_entries(packets.seq[1])[mf.PDF_ENTRY]
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    writer.set_info(writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None)
    buffer = BytesIO()
    writer.write(buffer)
    appended = buffer.getvalue() + b"\n% appended after signing\n"
    outcome = importer.import_packets(
        enrolled_city, [_with_pdf(packets, tmp_path / "a.rdpkt", appended)])
    refusal = outcome.packets[0].inspection.refusal
    assert refusal is not None and refusal.code == "pdf"


def test_pdf_signed_by_another_certificate_is_refused(
        enrolled_city: DeskContext, packets: Packets, tmp_path: Path) -> None:
    """County B's certificate signs county A's report: valid PAdES, wrong signer."""
    pdf = read_entries(packets.seq[1])[mf.PDF_ENTRY]
    unsigned = pdf[: pdf.index(b"%%EOF") + 5]  # the report before its signature update
    other = packets.identity_b
    signed = sign_pdf(unsigned, p256_private_key=other.p256_private, certificate=other.cert,
                      signer_name="莲池区整改办", reason="报送", location="保定",
                      seal_text="整改台账")
    outcome = importer.import_packets(
        enrolled_city, [_with_pdf(packets, tmp_path / "o.rdpkt", signed)])
    refusal = outcome.packets[0].inspection.refusal
    assert refusal is not None and refusal.code == "pdf"
    assert "不是用发送单位登记的证书签章的" in refusal.msg.zh


# --- §5: a NUL in the county's own database -----------------------------------------------


def test_nul_in_the_county_database_refuses_that_record_only(desks: Desks) -> None:
    """The "Why" case: a NUL in one record no longer stops the county's reporting. The
    city refuses that record with the window's words; the county fixes it and its next
    packet brings the city to the county's records."""
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        enrol(city, county, desks.tmp / "enrol")
        identity = keys.load(county, PASSPHRASE)
        with county.store.read() as s:
            victim = s.scalars(select(Problem.uuid).where(Problem.owner == COUNTY_A)
                               .order_by(Problem.uuid)).first()
        assert victim is not None
        with sqlite3.connect(county.paths.database) as con:  # the county edits its file
            con.execute("UPDATE problem SET description = 'x' || char(0) || 'y', "
                        "revision = revision + 1 WHERE uuid = ?", (victim,))
        bad = build.export_county_packet(county, identity, "2026-10", desks.tmp / "usb")
        outcome = importer.import_packets(city, [bad.path], apply=True)
        assert outcome.applied
        got = outcome.packets[0]
        assert got.status == "accepted_with_warnings"
        assert got.merge.diff["problem"].refused == 1
        window = pytest.raises(records.FieldError)
        with window as refused_by_window:
            records.clean_value("description", "x\x00y")
        reason = refused_by_window.value.msg.zh
        assert any(victim in w.zh and reason in w.zh for w in got.warnings), reason
        with city.store.read() as s:
            kept = s.get(Problem, victim)
            assert kept is not None and "\x00" not in kept.description

        with county.store.write() as s:
            records.set_fields(s, Problem, victim, COUNTY_A, {"description": "已改正"})
        fixed = build.export_county_packet(county, identity, "2026-11", desks.tmp / "usb")
        again = importer.import_packets(city, [fixed.path], apply=True)
        assert again.applied and again.packets[0].status == "accepted"
        assert same_county_records(city, county, COUNTY_A)
    finally:
        city.close()
        county.close()
