"""The desk's signing identity: an Ed25519 key that signs packets (minisign format) and
an ECDSA P-256 key with a self-issued X.509 certificate that signs PDFs.

On disk, in the desk's key folder:

``identity.key``       both private keys, encrypted: scrypt (n=2**17, r=8, p=1) derives
                       an AES-256-GCM key from the passphrase; the file's header (format
                       and KDF parameters) is the AEAD's associated data, so editing the
                       parameters is detected like a wrong passphrase.
``identity.pub.json``  the public parts, readable without the passphrase.

Key ids appear in text in minisign's printed form (see :func:`minisign.key_id_hex`), so a
clerk sees the same 16 digits in our program and in ``minisign`` output.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.x509.oid import NameOID

from desktop.fileio import atomic_write_bytes
from desktop.signing import minisign
from desktop.signing.canonical import canonical_json

__all__ = [
    "KEY_FILE",
    "PUBLIC_FILE",
    "SCRYPT_N",
    "Identity",
    "IdentityError",
    "PassphraseError",
    "change_passphrase",
    "create_identity",
    "enrolment_document",
    "export_public",
    "fingerprint",
    "load",
    "normalise_fingerprint",
    "public_document",
    "save",
]

KEY_FILE = "identity.key"
PUBLIC_FILE = "identity.pub.json"
KEY_FORMAT = "rectdesk-identity-1"
PUBLIC_FORMAT = "rectdesk-identity-public-1"
SECRET_FORMAT = "rectdesk-identity-secret-1"
ENROLMENT_FORMAT = "rectdesk-enrolment-1"

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
# Accepted when reading: tests write small n; anything above 2**20 (1 GiB of memory)
# in a key file is damage or an attempt to exhaust the machine.
_SCRYPT_N_RANGE = (2**4, 2**20)
_SALT_SIZE = 16
_NONCE_SIZE = 12
CERT_VALIDITY = timedelta(days=3653)  # ten years, leap days included

# Desk codes become file names (<code>.pub), so keep them to a safe alphabet.
_DESK_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_MAX_NAME = 64  # X.509 upper bound for commonName and organizationName


class IdentityError(Exception):
    """The identity files are missing, damaged or do not belong together."""


class PassphraseError(IdentityError):
    """Wrong passphrase (indistinguishable from an altered key file, by design)."""


@dataclass(frozen=True, eq=False)
class Identity:
    desk_code: str
    desk_name: str
    key_id: bytes
    ed25519_private: Ed25519PrivateKey
    cert: x509.Certificate
    p256_private: ec.EllipticCurvePrivateKey
    created: str

    @property
    def ed25519_public(self) -> Ed25519PublicKey:
        return self.ed25519_private.public_key()

    @property
    def ed25519_public_raw(self) -> bytes:
        return self.ed25519_public.public_bytes_raw()

    @property
    def key_id_hex(self) -> str:
        return minisign.key_id_hex(self.key_id)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.ed25519_public_raw)


# --- helpers ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise IdentityError(f"{what} is missing")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise IdentityError(f"{what} is not valid base64") from exc


def _passphrase_bytes(passphrase: str) -> bytes:
    if not passphrase:
        raise ValueError("passphrase must not be empty")
    # The same Chinese passphrase typed through different input methods may arrive in
    # different Unicode forms; NFC makes them the same bytes.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _check_desk(desk_code: str, desk_name: str) -> None:
    if not _DESK_CODE.match(desk_code):
        raise ValueError(f"desk code {desk_code!r} must be 1-32 letters, digits, '-' or '_'")
    if not desk_name.strip() or len(desk_name) > _MAX_NAME:
        raise ValueError(f"desk name must be 1-{_MAX_NAME} characters")
    if any(unicodedata.category(ch)[0] == "C" for ch in desk_name):
        raise ValueError("desk name must not contain control characters")


def _pretty_json(obj: dict[str, Any]) -> bytes:
    # Files people may open: indented and readable, but still sorted and stable.
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _read_json(path: Path) -> dict[str, Any]:
    # OSError (missing file, disk trouble) is left alone: it is not about the content.
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # includes UnicodeDecodeError
        raise IdentityError(f"{path.name} cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise IdentityError(f"{path.name} is not a JSON object")
    return data


# --- creation -----------------------------------------------------------------------------


def _make_certificate(
    desk_code: str, desk_name: str, key: ec.EllipticCurvePrivateKey, now: datetime
) -> x509.Certificate:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, desk_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, desk_name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, desk_code),
        ]
    )
    public_key = key.public_key()
    # Start a little in the past so a verifier whose clock runs slow still accepts it.
    not_before = now - timedelta(hours=1)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + CERT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # a.k.a. nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )


def create_identity(
    desk_code: str, desk_name: str, passphrase: str, *, now: datetime | None = None
) -> Identity:
    """Make new keys and a certificate for a desk. ``passphrase`` is only checked here
    (it must not be empty); pass it again to :func:`save`."""
    _check_desk(desk_code, desk_name)
    _passphrase_bytes(passphrase)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    p256 = ec.generate_private_key(ec.SECP256R1())
    return Identity(
        desk_code=desk_code,
        desk_name=desk_name,
        key_id=minisign.new_key_id(),
        ed25519_private=Ed25519PrivateKey.generate(),
        cert=_make_certificate(desk_code, desk_name, p256, moment),
        p256_private=p256,
        created=moment.isoformat().replace("+00:00", "Z"),
    )


# --- persistence --------------------------------------------------------------------------


def _derive(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(
        _passphrase_bytes(passphrase)
    )


def _key_file_bytes(identity: Identity, passphrase: str, n: int) -> bytes:
    secret = canonical_json(
        {
            "format": SECRET_FORMAT,
            # Repeated inside the ciphertext so a swapped identity.pub.json is noticed.
            "desk_code": identity.desk_code,
            "key_id": identity.key_id_hex,
            "ed25519_private": _b64(identity.ed25519_private.private_bytes_raw()),
            "p256_private_pkcs8": _b64(
                identity.p256_private.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
        }
    )
    salt = os.urandom(_SALT_SIZE)
    nonce = os.urandom(_NONCE_SIZE)
    header: dict[str, Any] = {
        "format": KEY_FORMAT,
        "kdf": {"name": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
    }
    ciphertext = AESGCM(_derive(passphrase, salt, n)).encrypt(nonce, secret, canonical_json(header))
    return _pretty_json({**header, "nonce": _b64(nonce), "ciphertext": _b64(ciphertext)})


def public_document(identity: Identity) -> dict[str, Any]:
    """Content of ``identity.pub.json``."""
    return {
        "format": PUBLIC_FORMAT,
        "desk_code": identity.desk_code,
        "desk_name": identity.desk_name,
        "key_id": identity.key_id_hex,
        "ed25519_public": _b64(identity.ed25519_public_raw),
        "certificate": identity.cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        "created": identity.created,
    }


def save(identity: Identity, folder: Path, passphrase: str, *, _scrypt_n: int = SCRYPT_N) -> None:
    """Write both identity files into ``folder`` (created if needed). ``_scrypt_n`` is
    for tests only."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key_bytes = _key_file_bytes(identity, passphrase, _scrypt_n)
    atomic_write_bytes(folder / PUBLIC_FILE, _pretty_json(public_document(identity)), mode=0o600)
    atomic_write_bytes(folder / KEY_FILE, key_bytes, mode=0o600)


def _decrypt(document: dict[str, Any], passphrase: str) -> dict[str, Any]:
    if document.get("format") != KEY_FORMAT:
        raise IdentityError(f"{KEY_FILE} has an unknown format")
    kdf = document.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise IdentityError(f"{KEY_FILE} uses an unknown key derivation")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if (
        type(n) is not int
        or not _SCRYPT_N_RANGE[0] <= n <= _SCRYPT_N_RANGE[1]
        or n & (n - 1)
        or r != SCRYPT_R
        or p != SCRYPT_P
    ):
        raise IdentityError(f"{KEY_FILE} has unacceptable scrypt parameters")
    salt = _unb64(kdf.get("salt"), "salt")
    nonce = _unb64(document.get("nonce"), "nonce")
    ciphertext = _unb64(document.get("ciphertext"), "ciphertext")
    if len(salt) != _SALT_SIZE or len(nonce) != _NONCE_SIZE:
        raise IdentityError(f"{KEY_FILE} has a salt or nonce of the wrong size")
    header = {"format": KEY_FORMAT, "kdf": kdf}
    try:
        secret = AESGCM(_derive(passphrase, salt, n)).decrypt(
            nonce, ciphertext, canonical_json(header)
        )
    except InvalidTag:
        raise PassphraseError("wrong passphrase, or the key file has been altered") from None
    try:
        data = json.loads(secret.decode("utf-8"))
    except ValueError as exc:
        raise IdentityError("decrypted key material is not valid JSON") from exc
    if not isinstance(data, dict) or data.get("format") != SECRET_FORMAT:
        raise IdentityError("decrypted key material has an unknown format")
    return data


def load(folder: Path, passphrase: str) -> Identity:
    """Read and decrypt the identity in ``folder``; checks that the private keys, the
    certificate and the public file belong together."""
    folder = Path(folder)
    key_document = _read_json(folder / KEY_FILE)
    public = _read_json(folder / PUBLIC_FILE)
    secret = _decrypt(key_document, passphrase)
    if public.get("format") != PUBLIC_FORMAT:
        raise IdentityError(f"{PUBLIC_FILE} has an unknown format")
    try:
        ed_private = Ed25519PrivateKey.from_private_bytes(
            _unb64(secret.get("ed25519_private"), "Ed25519 key")
        )
        p256 = serialization.load_der_private_key(
            _unb64(secret.get("p256_private_pkcs8"), "P-256 key"), password=None
        )
        cert = x509.load_pem_x509_certificate(str(public.get("certificate", "")).encode("ascii"))
        key_id = minisign.key_id_from_hex(str(public.get("key_id", "")))
        ed_public_raw = _unb64(public.get("ed25519_public"), "Ed25519 public key")
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise IdentityError(f"identity files are damaged: {exc}") from exc
    if not isinstance(p256, ec.EllipticCurvePrivateKey) or not isinstance(p256.curve, ec.SECP256R1):
        raise IdentityError("PDF signing key is not an ECDSA P-256 key")
    desk_code, desk_name = public.get("desk_code"), public.get("desk_name")
    if not isinstance(desk_code, str) or not isinstance(desk_name, str):
        raise IdentityError(f"{PUBLIC_FILE} lacks the desk code or name")
    cert_public = cert.public_key()
    if (
        ed_private.public_key().public_bytes_raw() != ed_public_raw
        or secret.get("key_id") != minisign.key_id_hex(key_id)
        or secret.get("desk_code") != desk_code
        or not isinstance(cert_public, ec.EllipticCurvePublicKey)
        or cert_public.public_numbers() != p256.public_key().public_numbers()
    ):
        raise IdentityError(f"{KEY_FILE} and {PUBLIC_FILE} do not belong together")
    created = public.get("created")
    return Identity(
        desk_code=desk_code,
        desk_name=desk_name,
        key_id=key_id,
        ed25519_private=ed_private,
        cert=cert,
        p256_private=p256,
        created=created if isinstance(created, str) else "",
    )


def change_passphrase(folder: Path, old: str, new: str, *, _scrypt_n: int = SCRYPT_N) -> None:
    """Re-encrypt the key file under a new passphrase (fresh salt and nonce)."""
    folder = Path(folder)
    identity = load(folder, old)
    atomic_write_bytes(folder / KEY_FILE, _key_file_bytes(identity, new, _scrypt_n), mode=0o600)


# --- fingerprints and export ----------------------------------------------------------------


def fingerprint(pub_raw: bytes) -> str:
    """160 bits of SHA-256 of the Ed25519 public key as 8 groups of 4 base32 characters
    ("ABCD EFGH ..."): base32 has no 0/1/8/9, so nothing is confused with O/I/B when
    read aloud over the phone."""
    text = base64.b32encode(hashlib.sha256(pub_raw).digest()).decode("ascii")[:32]
    return " ".join(text[i : i + 4] for i in range(0, 32, 4))


def normalise_fingerprint(text: str) -> str:
    """Fingerprint as typed by a person → comparable form (no spaces or dashes, upper)."""
    folded = unicodedata.normalize("NFKC", text)  # full-width letters from a Chinese IME
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-_").upper()


def enrolment_document(identity: Identity) -> dict[str, Any]:
    """What the city needs to enrol this desk; the fingerprint is confirmed by phone."""
    return {
        "format": ENROLMENT_FORMAT,
        "desk_code": identity.desk_code,
        "desk_name": identity.desk_name,
        "key_id": identity.key_id_hex,
        "ed25519_public": _b64(identity.ed25519_public_raw),
        "certificate": identity.cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        "fingerprint": identity.fingerprint,
    }


def export_public(identity: Identity, out_dir: Path) -> list[Path]:
    """Write ``<code>.enrol.json`` and ``<code>.pub`` (minisign) into ``out_dir``."""
    _check_desk(identity.desk_code, identity.desk_name)  # the code becomes a file name
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    enrol_path = out_dir / f"{identity.desk_code}.enrol.json"
    pub_path = out_dir / f"{identity.desk_code}.pub"
    atomic_write_bytes(enrol_path, _pretty_json(enrolment_document(identity)))
    comment = f"minisign public key {identity.key_id_hex} ({identity.desk_code})"
    pub_text = minisign.public_key_file(identity.ed25519_public_raw, identity.key_id, comment)
    atomic_write_bytes(pub_path, pub_text.encode("utf-8"))
    return [enrol_path, pub_path]
