"""The key, trust, packet and completeness commands, end to end through ``main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import keys
from tests.packets.conftest import CITY, COUNTY_A, PASSPHRASE, Desks, Packets


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", "utf-8")
    return path


def test_key_create_show_export_passphrase(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "desk"
    assert run(capsys, home, "init", "--role", "county", "--code", "130699",
               "--name", "测试县整改办")[0] == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = run(capsys, home, "key", "create")
    assert code == 1 and "--passphrase-file" in err and "RECTDESK_PASSPHRASE" in err
    secret = tmp_path / "p"
    secret.write_text("长长的口令 correct horse\n", "utf-8")
    code, out, _ = run(capsys, home, "key", "create", "--passphrase-file", str(secret))
    assert code == 0 and "指纹" in out
    code, _out, err = run(capsys, home, "key", "create", "--passphrase-file", str(secret))
    assert code == 1 and "已有签名密钥" in err
    code, out, _ = run(capsys, home, "key", "show", "--json")
    info = json.loads(out)
    assert info["desk_code"] == "130699" and len(info["fingerprint"].split()) == 8
    code, out, _ = run(capsys, home, "key", "export", "--out", str(tmp_path / "x"))
    assert code == 0
    assert (tmp_path / "x" / "130699.pub").read_text().startswith("untrusted comment:")
    assert json.loads((tmp_path / "x" / "130699.enrol.json").read_text())["fingerprint"] \
        == info["fingerprint"]
    new = tmp_path / "n"
    new.write_text("另一个更长的口令 battery\n", "utf-8")
    code, _, err = run(capsys, home, "key", "passphrase", "--passphrase-file", str(new),
                       "--new-passphrase-file", str(new))
    assert code == 1 and "口令不正确" in err
    code, out, _ = run(capsys, home, "key", "passphrase", "--passphrase-file", str(secret),
                       "--new-passphrase-file", str(new))
    assert code == 0
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "另一个更长的口令 battery")
    code, out, err = run(capsys, home, "packet", "export", "--period", "2026-10",
                         "--out", str(tmp_path / "usb"))
    assert code == 0, err
    assert "130699_2026-10_seq0001" in out


def test_trust_and_packets_between_desks(capsys: pytest.CaptureFixture[str], desks: Desks,
                                         packets: Packets, passfile: Path,
                                         tmp_path: Path) -> None:
    city = desks.homes[CITY]
    enrol = packets.enrol / f"{COUNTY_A}.enrol.json"
    fingerprint = json.loads(enrol.read_text())["fingerprint"]
    wrong = "AAAA " + fingerprint[5:]
    code, _, err = run(capsys, city, "trust", "add", str(enrol), "--fingerprint", wrong)
    assert code == 1 and "指纹不符" in err
    code, out, _ = run(capsys, city, "trust", "add", str(enrol), "--fingerprint",
                       fingerprint.lower().replace(" ", "-"))
    assert code == 0 and "已登记" in out
    code, out, _ = run(capsys, city, "trust", "list", "--json")
    assert [k["desk_code"] for k in json.loads(out)] == [COUNTY_A]

    code, out, _ = run(capsys, city, "packet", "verify", str(packets.seq[1]), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"]
    assert [c["state"] for c in report["checks"]] == ["passed"] * 13

    code, out, _ = run(capsys, city, "packet", "import", str(packets.seq[1]),
                       str(packets.seq[2]), "--report", str(tmp_path / "r.xlsx"))
    assert code == 0 and "预览" in out and (tmp_path / "r.xlsx").stat().st_size > 0
    code, out, _ = run(capsys, city, "packet", "import", str(packets.seq[1]),
                       str(packets.seq[2]), "--apply", "--json")
    assert [p["status"] for p in json.loads(out)["packets"]] == ["accepted", "accepted"]

    code, out, _ = run(capsys, city, "completeness", "--json")
    cells = {(c["unit_code"], c["period"]): c["state"] for c in json.loads(out)}
    assert cells[(COUNTY_A, "2026-10")] == "late"  # made on 2026-11-29, due 2026-11-05
    assert cells[("130606", "2026-10")] == "missing"
    assert cells[(COUNTY_A, "2026-11")] == "pending"

    code, out, err = run(capsys, city, "packet", "export", "--to", COUNTY_A, "--out",
                         str(tmp_path / "back"), "--passphrase-file", str(passfile))
    assert code == 0, err
    back = Path(out.splitlines()[0])
    county = desks.homes[COUNTY_A]
    code, out, _ = run(capsys, county, "packet", "verify", str(back))
    assert code == 1 and "未登记" in out
    city_fp = json.loads(run(capsys, city, "key", "show", "--json")[1])["fingerprint"]
    code, out, _ = run(capsys, county, "packet", "import", str(back), "--apply",
                       "--fingerprint", city_fp)
    assert code == 0 and "已导入" in out
    code, out, _ = run(capsys, county, "trust", "list", "--json")
    assert json.loads(out)[0]["desk_code"] == CITY
