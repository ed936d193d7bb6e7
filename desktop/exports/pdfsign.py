"""Visible PAdES (B-B) signatures on our PDFs, with a seal-like stamp.

The stamp is drawn by pyHanko itself (a red ring and red text) with the bundled CJK font,
subset-embedded through pyHanko's OpenType engine (needs the ``pyHanko[opentype]`` extra:
fontTools + uharfbuzz), because pyHanko's default stamp font is Latin-only.

pyHanko's OpenType engine writes glyph widths and metrics in raw font units, i.e. it
assumes 1000 units per em; our font has 2048, which spread the stamp text to twice its
width. So the stamp gets its own font: the bundled one cut down to the stamp's characters
and rescaled to 1000 units per em (a few KB, well under a second).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from io import BytesIO
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop import clock
from desktop.exports.fonts import bundled_font_path
from desktop.exports.pdfdoc import format_date_cn

FIELD_NAME = "RectDeskSignature"
SEAL_RED = (0.8, 0.05, 0.05)
MM = 72 / 25.4
DEFAULT_SIZE_MM = 42.0
IDEOGRAPHIC_SPACE = "\u3000"

# pyHanko interpolates the template with "%"; user text goes in as parameters only,
# so a "%" in a unit's name cannot break the stamp.
_STAMP_TEXT = "%(seal)s\n%(signer)s\n%(date)s"


def _ring(size: float = 100.0, width: float = 3.0) -> RawContent:
    """A red circle in a size×size box (four Bézier quarter arcs)."""
    c = size / 2
    r = c - width
    k = 0.5523 * r  # control-point distance for a circular quarter arc
    ops = (
        f"{SEAL_RED[0]} {SEAL_RED[1]} {SEAL_RED[2]} RG {width} w "
        f"{c + r} {c} m "
        f"{c + r} {c + k} {c + k} {c + r} {c} {c + r} c "
        f"{c - k} {c + r} {c - r} {c + k} {c - r} {c} c "
        f"{c - r} {c - k} {c - k} {c - r} {c} {c - r} c "
        f"{c + k} {c - r} {c + r} {c - k} {c + r} {c} c S"
    )
    return RawContent(ops.encode("ascii"), box=BoxConstraints(width=size, height=size))


class _StampFontFactory(FontEngineFactory):
    """Feeds pyHanko a 1000-units-per-em subset of the bundled font (see module doc)."""

    def __init__(self, text: str) -> None:
        options = subset.Options()
        options.hinting = False  # hints do not survive rescaling; viewers hint anyway
        buffer = BytesIO()
        with TTFont(str(bundled_font_path()), lazy=True) as font:
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=text)
            subsetter.subset(font)
            scale_upem(font, 1000)
            font.save(buffer)
        self._font_bytes = buffer.getvalue()

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> FontEngine:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(self._font_bytes),
            font_size=10,
            obj_stream=obj_stream,
        )


def _centred(lines: list[str]) -> list[str]:
    """Pad lines with ideographic spaces so they look centred (pyHanko aligns left)."""

    def units(line: str) -> int:  # half-width units: CJK counts 2, Latin/digits 1
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)

    widest = max(units(line) for line in lines)
    return [IDEOGRAPHIC_SPACE * round((widest - units(line)) / 4) + line for line in lines]


def _stamp_style(text: str, box: tuple[float, float, float, float]) -> TextStampStyle:
    side = min(abs(box[2] - box[0]), abs(box[3] - box[1]))
    return TextStampStyle(
        stamp_text=_STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=_StampFontFactory(text + IDEOGRAPHIC_SPACE),
            font_size=10,
            leading=14,
            text_color=SEAL_RED,
        ),
        # Keep the text inside the square inscribed in the ring, shrunk to fit.
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(side * 0.17),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=0,
        background=_ring(),
        background_opacity=1.0,
    )


def _default_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[int, int, int, int]:
    """Lower right of the text block, where a seal goes over the issuer and date."""
    page_ref, _resources = writer.find_page_for_modification(page)
    x0, y0, x1, _y1 = (float(v) for v in page_ref.get_object()["/MediaBox"])
    size = DEFAULT_SIZE_MM * MM
    right = x1 - 30 * MM
    bottom = y0 + 45 * MM
    left = max(x0, right - size)
    return round(left), round(bottom), round(right), round(bottom + size)


def _free_field_name(writer: IncrementalPdfFileWriter) -> str:
    """A new field name, so an already signed document can be countersigned."""
    taken = {name for name, *_rest in fields.enumerate_sig_fields(writer)}
    n = 1
    while f"{FIELD_NAME}{n}" in taken:
        n += 1
    return f"{FIELD_NAME}{n}"


def sign_pdf(
    pdf_bytes: bytes,
    *,
    p256_private_key: ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    signer_name: str,
    reason: str,
    location: str,
    seal_text: str,
    page: int = 0,
    box: tuple[float, float, float, float] | None = None,
    signed_on: date | None = None,
) -> bytes:
    """Sign ``pdf_bytes`` (PAdES B-B, ECDSA P-256/SHA-256) with a visible stamp.

    ``page`` is zero-based (negative counts from the end); ``box`` is (x1, y1, x2, y2) in
    PDF points, default the lower right of the page. ``signed_on`` is the date printed in
    the stamp (default: the program's today, which tests and demos can fix).
    """
    if not isinstance(p256_private_key, ec.EllipticCurvePrivateKey) or not isinstance(
        p256_private_key.curve, ec.SECP256R1
    ):
        raise ValueError("sign_pdf needs an EC P-256 (secp256r1) private key")
    if p256_private_key.public_key() != certificate.public_key():
        raise ValueError("the certificate does not belong to this private key")

    # pyHanko speaks asn1crypto; hand the objects over as DER.
    cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    key = asn1_keys.PrivateKeyInfo.load(
        p256_private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )

    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    field_name = _free_field_name(writer)
    if box is None:
        box = _default_box(writer, page)
    x1, y1, x2, y2 = (round(v) for v in box)  # pyHanko wants whole points
    seal_line, signer_line, date_line = _centred(
        [seal_text.strip(), signer_name.strip(), format_date_cn(signed_on or clock.today())]
    )
    text_params = {"seal": seal_line, "signer": signer_line, "date": date_line}
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        reason=reason,
        location=location,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=_stamp_style("".join(text_params.values()), box),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=page,
            box=(x1, y1, x2, y2),
        ),
    )
    out = BytesIO()
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params=text_params)
    return out.getvalue()
