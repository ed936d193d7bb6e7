"""Enrolled keys of other desks (TrustedKey): enrolment, replacement, look-up.

A key is trusted only after a person compared its fingerprint with the other desk (by
phone): ``trust add`` needs the fingerprint typed in, and the fingerprint is always
computed from the key itself, never read from the file that brings the key.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import OrgUnit, TrustedKey
from desktop.domain.plan import REPORTING_KINDS
from desktop.i18n import Msg, UserError
from desktop.packets.manifest import DESK_CODE
from desktop.signing import minisign
from desktop.signing.identity import ENROLMENT_FORMAT, fingerprint, normalise_fingerprint

__all__ = [
    "Enrolment",
    "active_key",
    "add",
    "fingerprint_matches",
    "key_by_id",
    "list_keys",
    "parse_enrolment",
]

MAX_ENROLMENT_BYTES = 64 * 1024


@dataclass(frozen=True)
class Enrolment:
    desk_code: str
    desk_name: str
    key_id: str
    public_key: str  # base64
    public_raw: bytes
    certificate_pem: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)


def _bad(detail: str) -> UserError:
    return UserError(Msg(
        f"登记文件无效，不是整改台账导出的密钥登记文件（{detail}）。",
        f"Not a valid enrolment file ({detail}).",
    ))


def parse_enrolment(raw: bytes) -> Enrolment:
    if len(raw) > MAX_ENROLMENT_BYTES:
        raise _bad("too large")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except ValueError as e:
        raise _bad("not JSON") from e
    if not isinstance(doc, dict) or doc.get("format") != ENROLMENT_FORMAT:
        raise _bad("unknown format")
    code, name, key_id = doc.get("desk_code"), doc.get("desk_name"), doc.get("key_id")
    pub, pem = doc.get("ed25519_public"), doc.get("certificate")
    if not all(isinstance(v, str) for v in (code, name, key_id, pub, pem)):
        raise _bad("fields missing")
    assert isinstance(code, str) and isinstance(pub, str) and isinstance(pem, str)
    if not DESK_CODE.match(code) or not 0 < len(str(name)) <= 100:
        raise _bad("desk code or name")
    try:
        minisign.key_id_from_hex(str(key_id))
        public_raw = base64.b64decode(pub, validate=True)
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError) as e:
        raise _bad("key or certificate") from e
    if len(public_raw) != 32 or str(key_id) != str(key_id).upper():
        raise _bad("key")
    cert_key = cert.public_key()
    if not isinstance(cert_key, ec.EllipticCurvePublicKey) or not isinstance(
        cert_key.curve, ec.SECP256R1
    ):
        raise _bad("certificate is not ECDSA P-256")
    return Enrolment(code, str(name), str(key_id), pub, public_raw, pem)


def fingerprint_matches(public_raw: bytes, typed: str) -> bool:
    return normalise_fingerprint(fingerprint(public_raw)) == normalise_fingerprint(typed)


def key_by_id(session: Session, key_id: str) -> TrustedKey | None:
    """The enrolment of a key id, active or replaced (newest first)."""
    return session.scalars(
        select(TrustedKey).where(TrustedKey.key_id == key_id)
        .order_by(TrustedKey.replaced_at.is_not(None), TrustedKey.updated_at.desc())
    ).first()


def active_key(session: Session, desk_code: str) -> TrustedKey | None:
    return session.scalars(
        select(TrustedKey).where(TrustedKey.desk_code == desk_code,
                                 TrustedKey.replaced_at.is_(None))
    ).first()


def add(session: Session, own_code: str, own_role: str, enrolment: Enrolment, typed: str,
        *, replace: bool = False, now: datetime | None = None) -> str:
    """Enrol a desk's key. Returns "added", "unchanged" or "replaced"."""
    if not typed.strip():
        raise UserError(Msg(
            "请用 --fingerprint 输入电话核对过的密钥指纹。",
            "Give the fingerprint confirmed by phone with --fingerprint.",
        ))
    if not fingerprint_matches(enrolment.public_raw, typed):
        raise UserError(Msg(
            f"指纹不符：登记文件中密钥的指纹是 {enrolment.fingerprint}，与输入的不一致。"
            "文件可能被调换或损坏，未登记。请与对方重新核对。",
            f"Fingerprint mismatch: the key's fingerprint is {enrolment.fingerprint}. "
            "Nothing was enrolled.",
        ))
    if enrolment.desk_code == own_code:
        raise UserError(Msg("不能登记本台账自己的密钥。", "This is this desk's own key."))
    role = "county" if own_role == "city" else "city"
    if own_role == "city":
        kind = session.scalars(select(OrgUnit.kind).where(
            OrgUnit.code == enrolment.desk_code)).first()
        if kind not in REPORTING_KINDS:  # a stranger's packets would be merged as a unit's
            raise UserError(Msg(
                f"“{enrolment.desk_code}”不是本市登记的县（市、区）或开发区，未登记其密钥。"
                "请先在“督察轮次、所辖单位与指标”中登记该单位（rectdesk unit add）。",
                f"{enrolment.desk_code} is not one of the city's reporting units; add the "
                "unit first (rectdesk unit add).",
            ))
    current = active_key(session, enrolment.desk_code)
    if current is not None and current.public_key == enrolment.public_key:
        return "unchanged"
    other = key_by_id(session, enrolment.key_id)
    if other is not None and other.public_key != enrolment.public_key:
        raise UserError(Msg(
            f"密钥编号 {enrolment.key_id} 已被“{other.desk_code}”的另一把密钥使用，未登记。",
            f"Key id {enrolment.key_id} is already used by another key of {other.desk_code}.",
        ))
    status = "added"
    if current is not None:
        if not replace:
            raise UserError(Msg(
                f"“{enrolment.desk_code}”已登记了另一把密钥（指纹 {current.fingerprint}）。"
                "确需更换（如电脑丢失）请核对新指纹后加 --replace 重新登记。",
                f"{enrolment.desk_code} already has another key ({current.fingerprint}); "
                "re-enrol with --replace to replace it.",
            ))
        current.replaced_at = (now or datetime.now()).replace(microsecond=0)
        status = "replaced"
        audit.log_event(session, "trusted_key", current.uuid, "key_replaced", {
            "desk": enrolment.desk_code, "old_key_id": current.key_id,
            "new_key_id": enrolment.key_id,
        })
    session.add(TrustedKey(
        desk_code=enrolment.desk_code, desk_name=enrolment.desk_name, role=role,
        key_id=enrolment.key_id, public_key=enrolment.public_key,
        certificate_pem=enrolment.certificate_pem, fingerprint=enrolment.fingerprint,
        owner=own_code,
    ))
    return status


def pin(session: Session, own_code: str, desk_code: str, desk_name: str, key_id: str,
        public_key: str, role: str) -> TrustedKey:
    """Trust a key first seen in a packet, after its fingerprint was confirmed."""
    raw = base64.b64decode(public_key, validate=True)
    row = TrustedKey(desk_code=desk_code, desk_name=desk_name[:100], role=role, key_id=key_id,
                     public_key=public_key, certificate_pem="", fingerprint=fingerprint(raw),
                     owner=own_code)
    session.add(row)
    audit.log_event(session, "trusted_key", row.uuid, "key_pinned",
                    {"desk": desk_code, "key_id": key_id})
    return row


def list_keys(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(TrustedKey).order_by(TrustedKey.desk_code,
                                                       TrustedKey.updated_at))
    return [{
        "desk_code": k.desk_code, "desk_name": k.desk_name, "role": k.role,
        "key_id": k.key_id, "fingerprint": k.fingerprint,
        "enrolled_at": k.updated_at.isoformat(timespec="seconds") if k.updated_at else "",
        "replaced_at": k.replaced_at.isoformat(timespec="seconds") if k.replaced_at else None,
    } for k in rows]
