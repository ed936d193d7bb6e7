"""Visible PAdES signatures, checked by poppler's pdfsig."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from desktop.exports.pdfdoc import OfficialDocument, paragraph, seal_box, styles
from desktop.exports.pdfsign import _seal_pdf, sign_pdf

VALID = "Signature Validation: Signature is Valid."
SEAL = "某某县生态环境局"


def _self_signed(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{SEAL} 测试"),
        ]
    )
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def cert(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    return _self_signed(key)


@pytest.fixture(scope="module")
def seal_spot() -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    return {}


@pytest.fixture(scope="module")
def unsigned(seal_spot: dict[str, tuple[int, tuple[float, float, float, float]]]) -> bytes:
    st = styles()
    out = BytesIO()
    doc = OfficialDocument(out, title="整改销号证明", issuer=SEAL, draft=False)
    seal = seal_box()
    doc.build(
        [
            paragraph("整改销号证明", st.title),
            paragraph("经核查，第12号整改任务已完成整改，同意销号。" * 3, st.body),
            seal,
        ]
    )
    assert seal.placed is not None
    seal_spot["seal"] = seal.placed
    return out.getvalue()


def _sign(
    data: bytes,
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    box: tuple[float, float, float, float] = (380, 150, 500, 270),
    page: int = -1,
) -> bytes:
    return sign_pdf(
        data,
        p256_private_key=key,
        certificate=cert,
        signer_name="张三",
        reason="整改销号证明",
        location="某某县",
        seal_text=SEAL,
        page=page,
        box=box,
        signed_on=date(2026, 5, 1),
    )


def _pdfsig(path: Path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig is not installed (poppler-utils)")
    # pdfsig exits 0 even for a broken signature; judge by its report.
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def signed(unsigned: bytes, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> bytes:
    return _sign(unsigned, key, cert)


@pytest.mark.tools
def test_pdfsig_reports_a_valid_pades_signature(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = _pdfsig(path)
    lines = [line.strip(" -") for line in report.splitlines()]
    assert VALID.strip(" -") in lines, report
    assert "Signature Type: ETSI.CAdES.detached" in lines, report
    assert "Signing Hash Algorithm: SHA-256" in lines, report
    assert "Total document signed" in lines, report
    assert f"Signer Certificate Common Name: {SEAL} 测试" in lines, report


@pytest.mark.tools
def test_changing_one_signed_byte_invalidates(signed: bytes, tmp_path: Path) -> None:
    # Flip a byte of the header comment: inside the first signed range, and it leaves
    # the file parseable, so only the digest can notice.
    marker = signed.index(b"ReportLab Generated PDF")
    tampered = bytearray(signed)
    tampered[marker] = ord("X")
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(tampered))
    report = _pdfsig(path)
    assert "Signature Validation: Digest Mismatch." in report, report
    assert "Signature is Valid" not in report


def _pdffonts(path: Path) -> list[str]:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is not installed (poppler-utils)")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[2:]


@pytest.mark.tools
def test_stamp_font_is_embedded(unsigned: bytes, signed: bytes, tmp_path: Path) -> None:
    (tmp_path / "unsigned.pdf").write_bytes(unsigned)
    (tmp_path / "signed.pdf").write_bytes(signed)
    before = _pdffonts(tmp_path / "unsigned.pdf")
    rows = _pdffonts(tmp_path / "signed.pdf")
    assert len(rows) > len(before), rows  # the stamp brings its own font subset
    for row in rows:
        assert row.split()[-5:-3] == ["yes", "yes"], row


def _red_pixels(pdf: Path, box: tuple[float, float, float, float], dpi: int = 100) -> int:
    """Seal-red pixels that poppler renders inside ``box`` (PDF points, last page)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (poppler-utils)")
    pages = PdfReader(pdf).pages
    height_pt = float(pages[-1].mediabox.height)
    scale = dpi / 72
    x, y = round(box[0] * scale), round((height_pt - box[3]) * scale)
    w, h = round((box[2] - box[0]) * scale), round((box[3] - box[1]) * scale)
    last = str(len(pages))
    crop = ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    ppm = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", last, "-l", last, *crop, "-singlefile", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    # Binary PPM: "P6\n<w> <h>\n255\n" then RGB triples.
    header_end = 0
    for _ in range(3):
        header_end = ppm.index(b"\n", header_end) + 1
    pixels = ppm[header_end:]
    return sum(
        1
        for i in range(0, len(pixels), 3)
        if pixels[i] > 150 and pixels[i + 1] < 90 and pixels[i + 2] < 90
    )


@pytest.mark.tools
def test_seal_is_drawn_in_red(unsigned: bytes, signed: bytes, tmp_path: Path) -> None:
    x1, y1, x2, y2 = (380, 150, 500, 270)  # _sign's default box
    middle = (x1 + 30, y1 + 30, x2 - 30, y2 - 30)  # inside the ring: only text
    (tmp_path / "unsigned.pdf").write_bytes(unsigned)
    (tmp_path / "signed.pdf").write_bytes(signed)
    assert _red_pixels(tmp_path / "unsigned.pdf", (x1, y1, x2, y2)) == 0
    assert _red_pixels(tmp_path / "signed.pdf", (x1, y1, x2, y2)) > 2000  # ring and text
    assert _red_pixels(tmp_path / "signed.pdf", middle) > 300  # the text


def test_seal_text_is_centred_lines_and_a_long_name_wraps() -> None:
    def seal_lines(lines: list[str]) -> list[str]:
        text = PdfReader(BytesIO(_seal_pdf(120, 120, lines))).pages[0].extract_text()
        return [line.strip() for line in text.splitlines()]

    assert seal_lines(["整改报送专用", SEAL, "2026年5月1日"]) == [
        "整改报送专用",
        SEAL,
        "2026年5月1日",
    ]
    # Too long for one line at a legible size: split in two rather than shrunk away.
    assert seal_lines(["整改报送专用", "竞秀区整改办（演示数据）", "2026年11月29日"]) == [
        "整改报送专用",
        "竞秀区整改办",
        "（演示数据）",
        "2026年11月29日",
    ]


def test_signature_field_is_visible_on_the_requested_page(signed: bytes) -> None:
    reader = PdfReader(BytesIO(signed))
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    sig = [w for w in widgets if w.get("/FT") == "/Sig"]
    assert len(sig) == 1
    x1, y1, x2, y2 = (float(v) for v in sig[0]["/Rect"])
    assert (x2 - x1, y2 - y1) == (120, 120)
    assert "/AP" in sig[0]


def test_stamp_can_sit_on_the_seal_box(
    unsigned: bytes,
    seal_spot: dict[str, tuple[int, tuple[float, float, float, float]]],
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
) -> None:
    page, box = seal_spot["seal"]
    reader = PdfReader(BytesIO(_sign(unsigned, key, cert, box=box, page=page)))
    (widget,) = [a.get_object() for a in reader.pages[page]["/Annots"]]
    assert [float(v) for v in widget["/Rect"]] == pytest.approx(box, abs=0.5)


@pytest.mark.tools
def test_countersigning_keeps_both_signatures_valid(
    signed: bytes, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate, tmp_path: Path
) -> None:
    path = tmp_path / "twice.pdf"
    path.write_bytes(_sign(signed, key, cert))
    report = _pdfsig(path)
    assert report.count("Signature is Valid.") == 2, report
    assert "RectDeskSignature2" in report


def test_rejects_other_keys(unsigned: bytes, cert: x509.Certificate) -> None:
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(ValueError, match="P-256"):
        _sign(unsigned, p384, cert)
    other = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(ValueError, match="certificate"):
        _sign(unsigned, other, cert)
