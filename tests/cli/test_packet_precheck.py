"""``rectdesk packet export`` lists what the city will see as missing, on stderr,
exits 0, and the packet records the same list."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.packets import manifest as mf
from desktop.services import keys


def test_export_warns_and_records_open_items(county_home: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV_PASSPHRASE, keys.DEMO_PASSPHRASE)
    code = main(["--home", str(county_home), "packet", "export", "--period", "2026-11",
                 "--out", str(tmp_path / "usb")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "报送前检查：" in err and "已记入报送包" in err and "未填进展 47 项" in err
    assert "2026-11 未填写进展" in err
    packet = Path(out.splitlines()[0])
    with zipfile.ZipFile(packet) as z:
        data = json.loads(z.read(mf.DATA_ENTRY))
    listed = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(data["open_items"]) == len(listed)
    assert sum(1 for i in data["open_items"] if i["kind"] == "progress") == 47


def test_no_change_month_needs_no_progress(county_home: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV_PASSPHRASE, keys.DEMO_PASSPHRASE)
    code = main(["--home", str(county_home), "packet", "export", "--period", "2026-11",
                 "--out", str(tmp_path / "usb"), "--no-change"])
    out, err = capsys.readouterr()
    assert code == 0 and "未填写进展" not in err
    with zipfile.ZipFile(Path(out.splitlines()[0])) as z:
        data = json.loads(z.read(mf.DATA_ENTRY))
    assert not any(i["kind"] == "progress" for i in data["open_items"])
