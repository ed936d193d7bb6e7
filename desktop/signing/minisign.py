"""Ed25519 signatures in minisign's file formats, so the city can also check a packet
with the stock ``minisign -Vm`` tool.

Only the prehashed algorithm ("ED": Ed25519 over BLAKE2b-512 of the file) is produced
and accepted; it is minisign's default since 0.8, and refusing the legacy "Ed" form
means one code path to trust.

Formats (https://jedisct1.github.io/minisign/):

    public key:  untrusted comment: <text>
                 base64("Ed" || key_id[8] || public_key[32])

    signature:   untrusted comment: <text>
                 base64("ED" || key_id[8] || signature[64])
                 trusted comment: <text>
                 base64(global_signature[64])   # over signature || trusted comment
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "SignatureError",
    "key_id_from_hex",
    "key_id_hex",
    "new_key_id",
    "parse_public_key_file",
    "public_key_file",
    "sign",
    "verify",
]

_UNTRUSTED = "untrusted comment: "
_TRUSTED = "trusted comment: "
_KEY_ALG = b"Ed"
_SIG_ALG_PREHASHED = b"ED"
_SIG_ALG_LEGACY = b"Ed"
KEY_ID_SIZE = 8
_PUBLIC_KEY_SIZE = 32
_SIGNATURE_SIZE = 64
# minisign reads the first line into a 1024-byte buffer and the trusted comment into
# an 8192-byte one; stay well inside both so the stock tool never truncates ours.
_MAX_UNTRUSTED_BYTES = 1000
_MAX_TRUSTED_BYTES = 8000


class SignatureError(Exception):
    """A signature that must not be trusted. ``reason`` is a stable code for callers:
    ``malformed``, ``unsupported_algorithm``, ``wrong_key``, ``bad_signature``,
    ``bad_global_signature``."""

    def __init__(self, message: str, reason: str = "malformed") -> None:
        super().__init__(message)
        self.reason = reason


def new_key_id() -> bytes:
    """A fresh random key id, 8 raw bytes as minisign uses them."""
    return os.urandom(KEY_ID_SIZE)


def key_id_hex(key_id: bytes) -> str:
    """The key id as minisign prints it: the bytes read as a little-endian 64-bit
    integer, in 16 upper-case hex digits."""
    _check_key_id(key_id)
    return f"{int.from_bytes(key_id, 'little'):016X}"


def key_id_from_hex(text: str) -> bytes:
    """Inverse of :func:`key_id_hex`."""
    cleaned = text.strip()
    if len(cleaned) != 2 * KEY_ID_SIZE:
        raise ValueError("key id must be 16 hex digits")
    return int(cleaned, 16).to_bytes(KEY_ID_SIZE, "little")


def _check_key_id(key_id: bytes) -> None:
    if not isinstance(key_id, bytes) or len(key_id) != KEY_ID_SIZE:
        raise ValueError("key id must be 8 bytes")


def _check_comment(comment: str, limit: int, what: str) -> bytes:
    # A line break would let a comment forge the next line of the file.
    if "\n" in comment or "\r" in comment or "\0" in comment:
        raise ValueError(f"{what} must be a single line")
    encoded = comment.encode("utf-8")
    if len(encoded) > limit:
        raise ValueError(f"{what} is longer than {limit} bytes")
    return encoded


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, size: int, what: str) -> bytes:
    try:
        data = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(f"{what} is not valid base64") from exc
    if len(data) != size:
        raise SignatureError(f"{what} has {len(data)} bytes, expected {size}")
    return data


def public_key_file(pub_raw: bytes, key_id: bytes, comment: str) -> str:
    """Text of a minisign ``.pub`` file for a raw 32-byte Ed25519 public key."""
    _check_key_id(key_id)
    if len(pub_raw) != _PUBLIC_KEY_SIZE:
        raise ValueError("Ed25519 public key must be 32 bytes")
    _check_comment(comment, _MAX_UNTRUSTED_BYTES, "comment")
    return f"{_UNTRUSTED}{comment}\n{_b64(_KEY_ALG + key_id + pub_raw)}\n"


def parse_public_key_file(text: str) -> tuple[bytes, bytes]:
    """Return ``(key_id, pub_raw)`` from a ``.pub`` file (or a bare base64 key line,
    as ``minisign -P`` accepts)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) == 2 and lines[0].startswith(_UNTRUSTED.strip()):
        key_line = lines[1]
    elif len(lines) == 1:
        key_line = lines[0]
    else:
        raise SignatureError("public key file is malformed")
    blob = _unb64(key_line, 2 + KEY_ID_SIZE + _PUBLIC_KEY_SIZE, "public key")
    if blob[:2] != _KEY_ALG:
        raise SignatureError("public key is not an Ed25519 minisign key")
    return blob[2 : 2 + KEY_ID_SIZE], blob[2 + KEY_ID_SIZE :]


def _prehash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=64).digest()


def sign(
    data: bytes,
    priv: Ed25519PrivateKey,
    key_id: bytes,
    trusted_comment: str,
    untrusted_comment: str,
) -> str:
    """Sign ``data`` and return the text of its ``.minisig`` file."""
    _check_key_id(key_id)
    trusted = _check_comment(trusted_comment, _MAX_TRUSTED_BYTES, "trusted comment")
    _check_comment(untrusted_comment, _MAX_UNTRUSTED_BYTES, "untrusted comment")
    signature = priv.sign(_prehash(data))
    # The global signature binds the trusted comment to this very signature.
    global_signature = priv.sign(signature + trusted)
    return (
        f"{_UNTRUSTED}{untrusted_comment}\n"
        f"{_b64(_SIG_ALG_PREHASHED + key_id + signature)}\n"
        f"{_TRUSTED}{trusted_comment}\n"
        f"{_b64(global_signature)}\n"
    )


def verify(data: bytes, minisig_text: str, pub_raw: bytes, key_id: bytes) -> str:
    """Check a ``.minisig`` over ``data`` with the expected key; return the trusted
    comment, or raise :class:`SignatureError`."""
    _check_key_id(key_id)
    # Split on LF only, like minisign: str.splitlines() would also break on U+2028 and
    # friends, which may legitimately appear inside a comment.
    lines = [line.removesuffix("\r") for line in minisig_text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != 4:
        raise SignatureError("signature file must have exactly four lines")
    untrusted_line, sig_line, trusted_line, global_line = lines
    if not untrusted_line.startswith(_UNTRUSTED):
        raise SignatureError("signature file does not start with an untrusted comment")
    if not trusted_line.startswith(_TRUSTED):
        raise SignatureError("third line of the signature file is not a trusted comment")
    blob = _unb64(sig_line, 2 + KEY_ID_SIZE + _SIGNATURE_SIZE, "signature")
    global_signature = _unb64(global_line, _SIGNATURE_SIZE, "global signature")
    algorithm, sig_key_id, signature = blob[:2], blob[2:10], blob[10:]
    if algorithm == _SIG_ALG_LEGACY:
        raise SignatureError(
            "legacy (non-prehashed) signatures are not accepted", "unsupported_algorithm"
        )
    if algorithm != _SIG_ALG_PREHASHED:
        raise SignatureError("unknown signature algorithm", "unsupported_algorithm")
    if sig_key_id != key_id:
        raise SignatureError(
            f"signed by another key ({key_id_hex(sig_key_id)}, expected {key_id_hex(key_id)})",
            "wrong_key",
        )
    try:
        public_key = Ed25519PublicKey.from_public_bytes(pub_raw)
    except ValueError as exc:
        raise SignatureError("public key is not a valid Ed25519 key") from exc
    try:
        public_key.verify(signature, _prehash(data))
    except InvalidSignature as exc:
        raise SignatureError(
            "signature does not match the file (file changed or forged)", "bad_signature"
        ) from exc
    trusted_comment = trusted_line[len(_TRUSTED) :]
    try:
        public_key.verify(global_signature, signature + trusted_comment.encode("utf-8"))
    except InvalidSignature as exc:
        raise SignatureError(
            "trusted comment signature is invalid (comment changed or forged)",
            "bad_global_signature",
        ) from exc
    return trusted_comment
