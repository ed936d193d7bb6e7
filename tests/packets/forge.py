"""Tools to make bad packets from good ones, for the refusal tests."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

from desktop.packets import manifest as mf
from desktop.packets.safezip import write_zip
from desktop.signing import minisign
from desktop.signing.canonical import canonical_json, sha256_hex
from desktop.signing.identity import Identity


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_entries(path: Path, entries: dict[str, bytes]) -> Path:
    write_zip(path, entries)
    return path


def raw_zip(path: Path, items: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    """A zip written without our writer's name checks (for hostile names and types)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def resign(entries: dict[str, bytes], identity: Identity,
           change: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Rewrite the manifest over the given entries (hashes recomputed), apply ``change``
    to its JSON, and sign it with ``identity``: a well-formed packet from that key."""
    doc = json.loads(entries[mf.MANIFEST_ENTRY])
    body = {n: d for n, d in entries.items() if n not in (mf.MANIFEST_ENTRY, mf.SIGNATURE_ENTRY)}
    doc["entries"] = {n: {"sha256": sha256_hex(d), "size": len(d)} for n, d in body.items()}
    for key, value in (change or {}).items():
        doc[key] = value
    raw = canonical_json(doc)
    m = mf.parse_manifest(raw)
    signature = minisign.sign(raw, identity.ed25519_private, identity.key_id,
                              trusted_comment=mf.trusted_comment(m), untrusted_comment="forged")
    return {**body, mf.MANIFEST_ENTRY: raw, mf.SIGNATURE_ENTRY: signature.encode()}


def patch_central_size(data: bytes, name: str, delta: int) -> bytes:
    """Change the uncompressed size a zip's central directory declares for ``name``."""
    buf = bytearray(data)
    pos = buf.find(b"PK\x01\x02" + b"", 0)
    while pos >= 0:
        name_len = int.from_bytes(buf[pos + 28 : pos + 30], "little")
        if bytes(buf[pos + 46 : pos + 46 + name_len]) == name.encode():
            size = int.from_bytes(buf[pos + 24 : pos + 28], "little")
            buf[pos + 24 : pos + 28] = (size + delta).to_bytes(4, "little")
            return bytes(buf)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    raise KeyError(name)
