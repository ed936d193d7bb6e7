"""Independent checks of a real packet: the stock minisign verifies the manifest, and
poppler's pdfsig finds a valid PAdES signature in the report."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from desktop.packets import manifest as mf
from tests.conftest import require_tool
from tests.packets.conftest import Packets

pytestmark = pytest.mark.tools


def _extract(packet: Path, folder: Path) -> Path:
    # A plain extraction for the external tools: our own names, from our own packet.
    with zipfile.ZipFile(packet) as z:
        for name in (mf.MANIFEST_ENTRY, mf.SIGNATURE_ENTRY, mf.PDF_ENTRY):
            (folder / name).write_bytes(z.read(name))
    return folder


def test_minisign_verifies_the_manifest(packets: Packets, tmp_path: Path) -> None:
    minisign = require_tool("minisign")
    folder = _extract(packets.seq[1], tmp_path)
    result = subprocess.run(
        [minisign, "-Vm", "manifest.json", "-p", str(packets.enrol / "130602.pub")],
        cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Signature and comment signature verified" in result.stdout
    assert "Trusted comment: rectdesk county-report from 130602 to 130600 period 2026-09 seq 1" \
        in result.stdout


def test_minisign_rejects_a_changed_manifest(packets: Packets, tmp_path: Path) -> None:
    minisign = require_tool("minisign")
    folder = _extract(packets.seq[1], tmp_path)
    manifest = folder / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b'"sequence":1', b'"sequence":9'))
    result = subprocess.run(
        [minisign, "-Vm", "manifest.json", "-p", str(packets.enrol / "130602.pub")],
        cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode != 0


def test_pdfsig_reports_a_valid_signature(packets: Packets, tmp_path: Path) -> None:
    pdfsig = require_tool("pdfsig")
    folder = _extract(packets.seq[1], tmp_path)
    result = subprocess.run([pdfsig, "report.pdf"], cwd=folder, capture_output=True,
                            text=True, check=False)
    assert "Signature Validation: Signature is Valid." in result.stdout, result.stdout
    assert "serialNumber=130602" in result.stdout
    assert "Total document signed" in result.stdout


def test_qpdf_finds_the_report_sound(packets: Packets, tmp_path: Path) -> None:
    qpdf = require_tool("qpdf")
    folder = _extract(packets.seq[1], tmp_path)
    result = subprocess.run([qpdf, "--check", "report.pdf"], cwd=folder, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
