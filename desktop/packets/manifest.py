"""The packet manifest: what a packet says about itself, signed as one file.

A manifest names the sender and its key, the period and the sequence number in the
sender's chain, the hash of the previous manifest in that chain, the sender's audit-log
head and the SHA-256 and size of every other entry. Parsing is strict: any field of the
wrong type or an unknown format version refuses the packet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from desktop.domain.periods import is_period
from desktop.domain.text import is_clean
from desktop.signing.canonical import canonical_json

__all__ = [
    "ACK_KEY",
    "CITY_COMPLETE_TABLES",
    "CITY_PACKET",
    "COMPLETE_KEY",
    "COUNTY_COPY_KEY",
    "COUNTY_REPORT",
    "DATA_ENTRY",
    "EVIDENCE_PREFIX",
    "FORMAT",
    "MANIFEST_ENTRY",
    "PDF_ENTRY",
    "SIGNATURE_ENTRY",
    "XLSX_ENTRY",
    "Manifest",
    "ManifestError",
    "file_name",
    "parse_manifest",
    "trusted_comment",
]

FORMAT = "rectdesk-packet-1"
DATA_FORMAT = "rectdesk-data-1"
COUNTY_REPORT = "county-report"
CITY_PACKET = "city-packet"
KINDS = (COUNTY_REPORT, CITY_PACKET)
MANIFEST_ENTRY = "manifest.json"
SIGNATURE_ENTRY = "manifest.json.minisig"
DATA_ENTRY = "data.json"
XLSX_ENTRY = "ledger.xlsx"
PDF_ENTRY = "report.pdf"
EVIDENCE_PREFIX = "evidence/"
EXTENSION = ".rdpkt"
# data.json of a city packet names here the tables of which it sends all the city's
# own records, not just changes, so the county can delete what the city deleted. Only
# these may be named: the records a city clerk can delete (its extensions, the
# petitions it registered, the revisits it added). An older desk ignores the key (and
# takes the rows as changes), so the data format stays the same.
COMPLETE_KEY = "complete"
# data.json of either kind names the receiver's packet the sender last imported
# ({"sequence", "manifest_sha256"}): the city sends a county everything changed since
# the city packet the county acknowledged, and the county shows what the city holds.
ACK_KEY = "ack"
CITY_COMPLETE_TABLES: frozenset[str] = frozenset({"extension", "petition", "revisit"})
# data.json of a city packet that the county has not yet acknowledged any of may carry
# here the county's own records as the city holds them ({table: rows}, the county's
# packet tables), with their counts as "county_copy.<table>": a county desk that holds
# nothing of its own yet (a new PC) takes them back as its own, under the county's rules.
COUNTY_COPY_KEY = "county_copy"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9A-F]{16}$")
_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DESK_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


class ManifestError(ValueError):
    """The manifest is not a valid packet manifest (message in English, for the log)."""


@dataclass(frozen=True)
class Manifest:
    kind: str
    sender_code: str
    sender_name: str
    key_id: str
    public_key: str  # base64 Ed25519; lets a county pin the city's key on first contact
    recipient: str
    period: str
    sequence: int
    previous_sha256: str
    audit_seq: int
    audit_hash: str
    counts: dict[str, int]
    created: str
    no_change: bool
    entries: dict[str, tuple[str, int]]  # name → (sha256, size)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "sender": {
                "code": self.sender_code,
                "name": self.sender_name,
                "key_id": self.key_id,
                "public_key": self.public_key,
            },
            "recipient": self.recipient,
            "period": self.period,
            "sequence": self.sequence,
            "previous_sha256": self.previous_sha256,
            "audit_head": {"seq": self.audit_seq, "hash": self.audit_hash},
            "counts": dict(self.counts),
            "created": self.created,
            "no_change": self.no_change,
            "entries": {n: {"sha256": h, "size": s} for n, (h, s) in self.entries.items()},
        }

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())


def trusted_comment(m: Manifest) -> str:
    """The signed one-line summary a person sees in ``minisign -V`` output."""
    return (
        f"rectdesk {m.kind} from {m.sender_code} to {m.recipient or '-'} "
        f"period {m.period} seq {m.sequence} manifest {FORMAT}"
    )


def file_name(m: Manifest) -> str:
    if m.kind == CITY_PACKET:
        return f"{m.sender_code}_to_{m.recipient}_{m.period}_seq{m.sequence:04d}{EXTENSION}"
    return f"{m.sender_code}_{m.period}_seq{m.sequence:04d}{EXTENSION}"


def _get(obj: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ManifestError(f"field {key!r} is missing or of the wrong type")
    return value


def _reject_constant(name: str) -> Any:
    raise ManifestError(f"non-finite number {name}")


def load_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8, no NaN/Infinity, no duplicate keys."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise ManifestError(f"duplicate key {key!r}")
            out[key] = value
        return out

    try:
        return json.loads(
            raw.decode("utf-8"), object_pairs_hook=pairs, parse_constant=_reject_constant
        )
    except (ValueError, RecursionError) as exc:
        # ValueError covers JSONDecodeError, bad UTF-8 and integers of more than 4300
        # digits (Python's int-parsing limit).
        raise ManifestError(f"not valid JSON: {exc}") from exc


def parse_manifest(raw: bytes) -> Manifest:
    doc = load_json(raw)
    if not isinstance(doc, dict):
        raise ManifestError("manifest is not an object")
    if doc.get("format") != FORMAT:
        raise ManifestError(f"unknown manifest format {doc.get('format')!r}")
    kind = _get(doc, "kind", str)
    if kind not in KINDS:
        raise ManifestError(f"unknown packet kind {kind!r}")
    sender = _get(doc, "sender", dict)
    code = _get(sender, "code", str)
    key_id = _get(sender, "key_id", str)
    recipient = _get(doc, "recipient", str)
    if not DESK_CODE.match(code) or (recipient and not DESK_CODE.match(recipient)):
        raise ManifestError("desk code is not valid")
    if not _KEY_ID.match(key_id):
        raise ManifestError("key id is not 16 hex digits")
    sequence = _get(doc, "sequence", int)
    if not 1 <= sequence < 2**31:
        raise ManifestError("sequence out of range")
    previous = _get(doc, "previous_sha256", str)
    if previous and not _HEX64.match(previous):
        raise ManifestError("previous_sha256 is not a SHA-256")
    head = _get(doc, "audit_head", dict)
    audit_seq, audit_hash = _get(head, "seq", int), _get(head, "hash", str)
    if not _HEX64.match(audit_hash):
        raise ManifestError("audit head is not a SHA-256")
    counts = _get(doc, "counts", dict)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
        raise ManifestError("counts must be integers")
    raw_entries = _get(doc, "entries", dict)
    entries: dict[str, tuple[str, int]] = {}
    for name, info in raw_entries.items():
        if not isinstance(info, dict) or set(info) != {"sha256", "size"}:
            raise ManifestError(f"entry {name!r} is malformed")
        digest, size = info["sha256"], info["size"]
        if not isinstance(digest, str) or not _HEX64.match(digest):
            raise ManifestError(f"entry {name!r} has no valid SHA-256")
        if type(size) is not int or size < 0:
            raise ManifestError(f"entry {name!r} has no valid size")
        entries[name] = (digest, size)
    period = _get(doc, "period", str)
    name = _get(sender, "name", str)
    # Desk names are made without control characters (signing/identity.py): one that
    # holds them, a direction control or a lone surrogate is not ours.
    if not 0 < len(name) <= 100 or not is_clean("name", name):
        raise ManifestError("sender name is not a valid desk name")
    created = _get(doc, "created", str)
    if not _CREATED.match(created):
        raise ManifestError("created is not a UTC time")
    return Manifest(
        kind=kind,
        sender_code=code,
        sender_name=name,
        key_id=key_id,
        public_key=_get(sender, "public_key", str),
        recipient=recipient,
        period=period,
        sequence=sequence,
        previous_sha256=previous,
        audit_seq=audit_seq,
        audit_hash=audit_hash,
        counts=dict(counts),
        created=created,
        no_change=_get(doc, "no_change", bool),
        entries=entries,
    )


def period_ok(period: str) -> bool:
    return is_period(period)
