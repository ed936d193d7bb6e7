"""The PAdES signature of a county packet's report.pdf, checked on import.

The report is signed with the county desk's P-256 certificate (exports/pdfsign.py),
the one its enrolment file brought to the city (TrustedKey.certificate_pem). The check
asks pyHanko that the signature is intact and covers the whole file (nothing appended
after signing), and requires the signer's certificate to be exactly the enrolled one:
no other certificate, however valid, passes.
"""

from __future__ import annotations

from io import BytesIO

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.sign.validation.status import SignatureCoverageLevel

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
        # Trust is the exact enrolled certificate (compared above), so pyHanko's
        # integrity check is the whole question; its path validation would only
        # re-derive that, at twice the cost per packet (tests/benchmarks).
        signature.compute_integrity_info(skip_diff=True)
        intact, valid = validate_sig_integrity(
            signature.signer_info, signature.signer_cert, expected_content_type="data",
            actual_digest=signature.compute_digest())
        coverage = signature.coverage
    except Exception:  # any failure to parse hostile bytes is a refusal
        return False, _BROKEN
    if not (intact and valid):
        return False, _BROKEN
    if coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return False, Msg("报告 PDF 在签章之后被追加了内容，签章未覆盖整个文件，已拒绝。",
                          "the report PDF's signature does not cover the whole file")
    return True, Msg("报告 PDF 的电子签章有效（发送单位登记的证书，覆盖整个文件）",
                     "the report PDF's signature is valid (enrolled certificate, whole file)")
