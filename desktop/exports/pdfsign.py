"""Visible PAdES (B-B) signatures on our PDFs, with a seal-like stamp.

The seal (a red ring around centred lines of red text: seal text, signer, date) is
drawn with reportlab into a one-page PDF the size of the signature box, in the same CJK
font as the rest of our PDFs; pyHanko imports that page as the static appearance of the
signature field.
reportlab subsets the TrueType font in milliseconds and the font is usually registered
already (the report being signed was written with it), so a signature costs little more
than pyHanko's own work. (Drawing the text with pyHanko's OpenType engine instead meant
loading, subsetting and rescaling the 4.6 MB font with fontTools for every signature,
about a second, because that engine assumes 1000 units per em.)
"""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop import clock
from desktop.exports.fonts import register_pdf_fonts
from desktop.exports.pdfdoc import format_date_cn

FIELD_NAME = "RectDeskSignature"
SEAL_RED = (0.8, 0.05, 0.05)
MM = 72 / 25.4
DEFAULT_SIZE_MM = 42.0


def _line_sizes(lines: list[str], font: str, base: float, step: float, room: float) -> list[float]:
    """Font size per line: at most ``base``, and narrow enough to fit inside the ring at
    the line's height (lines ``step`` apart, centred on a circle of radius ``room``)."""
    middle = (len(lines) - 1) / 2
    sizes = []
    for i, line in enumerate(lines):
        reach = abs(middle - i) * step + base / 2  # farthest glyph edge from the centre
        across = 2 * math.sqrt(max(room**2 - reach**2, 0.0))
        sizes.append(min(base, across / (stringWidth(line, font, 1) or 1.0)))
    return sizes


def _seal_pdf(width: float, height: float, lines: list[str]) -> bytes:
    """A width×height one-page PDF: a red ring and ``lines`` centred inside it.

    Each line gets the largest size up to a tenth of the seal's diameter at which it
    still fits across the ring at its height, so a long name shrinks on its own without
    crowding the others; one that would shrink below 75 % is split in two lines.
    """
    font = register_pdf_fonts().heading  # 黑体 when installed, else the bundled sans
    side = min(width, height)
    cx, cy = width / 2, height / 2
    ring = side * 0.035
    radius = side / 2 - ring / 2 - side * 0.02  # outer edge just inside the box
    room = radius - ring / 2 - side * 0.05  # free radius inside the ring
    base = side * 0.1
    step = base * 1.45  # distance between baselines
    sizes = _line_sizes(lines, font, base, step, room)

    def cramped(line: str, size: float) -> bool:
        return size < 0.75 * base and len(line) > 3

    if any(cramped(line, size) for line, size in zip(lines, sizes, strict=True)):
        split: list[str] = []
        for line, size in zip(lines, sizes, strict=True):
            half = (len(line) + 1) // 2
            split += [line[:half], line[half:]] if cramped(line, size) else [line]
        lines = split
        sizes = _line_sizes(lines, font, base, step, room)

    out = BytesIO()
    # initialFontName: otherwise the page starts with an unembedded Helvetica resource.
    canvas = Canvas(out, pagesize=(width, height), initialFontName=font, pageCompression=1)
    canvas.setStrokeColorRGB(*SEAL_RED)
    canvas.setFillColorRGB(*SEAL_RED)
    canvas.setLineWidth(ring)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    middle = (len(lines) - 1) / 2
    for i, (line, size) in enumerate(zip(lines, sizes, strict=True)):
        mid_y = cy + (middle - i) * step  # vertical centre of this line's glyphs
        canvas.setFont(font, size)
        canvas.drawCentredString(cx, mid_y - size * 0.36, line)  # ~half the CJK cap height
    canvas.showPage()
    canvas.save()
    return out.getvalue()


class _PdfPageContent(PdfContent):
    """The first page of an in-memory PDF, imported as a form XObject.

    (pyHanko's own ``ImportedPdfPage`` reads from a file name.)
    """

    def __init__(self, pdf_bytes: bytes) -> None:
        super().__init__()
        self._pdf_bytes = pdf_bytes

    def render(self) -> bytes:
        reader = PdfFileReader(BytesIO(self._pdf_bytes))
        xobject = self._ensure_writer.import_page_as_xobject(reader, page_ix=0)
        self.resources.xobject["/Seal"] = xobject
        x1, y1, x2, y2 = (float(v) for v in xobject.get_object()["/BBox"])
        self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/Seal Do"


def _stamp_style(lines: list[str], box: tuple[int, int, int, int]) -> StaticStampStyle:
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    return StaticStampStyle(
        background=_PdfPageContent(_seal_pdf(width, height, lines)),
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
        ),
        background_opacity=1.0,
        border_width=0,
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
    lines = [seal_text.strip(), signer_name.strip(), format_date_cn(signed_on or clock.today())]
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
        stamp_style=_stamp_style(lines, (x1, y1, x2, y2)),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=page,
            box=(x1, y1, x2, y2),
        ),
    )
    out = BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()
