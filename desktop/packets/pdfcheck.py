"""The PAdES signature of a county packet's report.pdf, checked on import.

The report is signed with the county desk's P-256 certificate (exports/pdfsign.py),
the one its enrolment file brought to the city (TrustedKey.certificate_pem). The check
asks pyHanko that the signature is intact, covers the whole file (nothing appended
after signing) and was made by exactly that enrolled certificate, taken as the only
trust root: no other certificate, however valid, passes.
"""

from __future__ import annotations

from io import BytesIO

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from desktop.i18n import Msg

__all__ = ["check_report_pdf"]

_BROKEN = Msg("报告 PDF 的电子签章无效（PDF 在签章后被改动，或签章已损坏），已拒绝。",
              "the report PDF's signature is broken")


def _certificate(certificate_pem: str) -> asn1_x509.Certificate | None:
    try:
        raw = certificate_pem.encode("ascii")
        if pem.detect(raw):
            _kind, _headers, raw = pem.unarmor(raw)
        return asn1_x509.Certificate.load(raw)
    except (ValueError, TypeError, UnicodeEncodeError):
        return None


def check_report_pdf(pdf: bytes, certificate_pem: str) -> tuple[bool, Msg]:
    """(passed, what the clerk reads) for ``pdf`` against the sender's enrolled
    certificate."""
    enrolled = _certificate(certificate_pem) if certificate_pem else None
    if enrolled is None:
        return False, Msg("发送单位登记的证书缺失或无效，无法核对报告 PDF 的电子签章，已拒绝。",
                          "no valid enrolled certificate to check the report PDF against")
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
        if len(signatures) != 1:
            return False, Msg(f"报告 PDF 应有 1 个电子签章，实有 {len(signatures)} 个，已拒绝。",
                              f"the report PDF has {len(signatures)} signatures, not 1")
        signature = signatures[0]
        if signature.signer_cert is None or signature.signer_cert.dump() != enrolled.dump():
            return False, Msg("报告 PDF 不是用发送单位登记的证书签章的，已拒绝。",
                              "the report PDF was not signed with the enrolled certificate")
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[enrolled]))
    except Exception:  # any failure to parse hostile bytes is a refusal
        return False, _BROKEN
    if not (status.intact and status.valid):
        return False, _BROKEN
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return False, Msg("报告 PDF 在签章之后被追加了内容，签章未覆盖整个文件，已拒绝。",
                          "the report PDF's signature does not cover the whole file")
    if not status.trusted:
        return False, Msg("报告 PDF 的签章证书与发送单位登记的证书不一致，已拒绝。",
                          "the report PDF's certificate is not the enrolled one")
    return True, Msg("报告 PDF 的电子签章有效（发送单位登记的证书，覆盖整个文件）",
                     "the report PDF's signature is valid (enrolled certificate, whole file)")
