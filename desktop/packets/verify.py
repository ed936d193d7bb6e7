"""Checking a received packet before anything of it is believed (DESIGN §4).

:func:`inspect_packet` runs the checks in order and stops at the first refusal; every
check gets a verdict (passed, warning, refused, or not run), in the clerk's words. It
only reads: the database session is used for look-ups, and nothing is written.

Order matters: the zip structure is checked before any member is read, the manifest
signature before any other member is trusted, and hashes before the data is parsed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import PacketRecord
from desktop import clock
from desktop.domain import periods
from desktop.domain.periods import is_period
from desktop.domain.text import escape_untrusted
from desktop.i18n import Msg
from desktop.packets import manifest as mf
from desktop.packets import trust
from desktop.packets.pdfcheck import check_report_pdf
from desktop.packets.safezip import DEFAULT_LIMITS, Limits, PacketFormatError, SafeZipReader
from desktop.packets.scope import CITY_TABLES, COUNTY_TABLES, SHARED_COUNTY_FIELDS
from desktop.packets.wire import WireError, decode_row, table_of
from desktop.signing import minisign
from desktop.signing.identity import fingerprint

__all__ = ["CHECKS", "ChainState", "Check", "Inspection", "inspect_packet"]

MAX_SIGNATURE_BYTES = 16 * 1024
MAX_DATA_BYTES = 128 * 1024 * 1024
IMPORTED_STATUSES = ("accepted", "accepted_with_warnings", "superseded")
_EVIDENCE_NAME = re.compile(r"^evidence/[0-9a-f]{64}$")

# (code, label) in the order they run.
CHECKS: tuple[tuple[str, Msg], ...] = (
    ("structure", Msg("压缩包结构安全", "safe zip structure")),
    ("manifest", Msg("签名清单可读", "manifest readable")),
    ("key", Msg("签名密钥已登记", "signing key enrolled")),
    ("signature", Msg("清单签名有效", "manifest signature valid")),
    ("sender", Msg("发送单位与密钥一致", "sender matches key")),
    ("kind", Msg("报送包类型", "packet kind")),
    ("recipient", Msg("接收单位", "recipient")),
    ("period", Msg("报送月份", "period")),
    ("entries", Msg("文件齐全、无多余", "no missing or extra entries")),
    ("hashes", Msg("每个文件的校验值与大小", "every entry's hash and size")),
    ("pdf", Msg("报告 PDF 电子签章", "report PDF signature")),
    ("data", Msg("数据格式", "data format")),
    ("sequence", Msg("报送序号", "sequence number")),
)


@dataclass
class Check:
    code: str
    state: str  # passed | warning | refused | skipped
    msg: Msg

    @property
    def label(self) -> Msg:
        return dict(CHECKS)[self.code]


@dataclass(frozen=True)
class ChainState:
    """What the receiver already holds from one sender (database plus earlier packets of
    the same batch)."""

    last_sequence: int | None
    last_sha256: str
    known: dict[int, str]


@dataclass
class KeyInfo:
    desk_code: str
    desk_name: str
    key_id: str
    public_key: str
    pinned_now: bool = False  # first contact, confirmed by fingerprint on the command line
    certificate_pem: str = ""  # the PDF-signing certificate of its enrolment


@dataclass
class Inspection:
    path: Path
    checks: list[Check] = field(default_factory=list)
    manifest: mf.Manifest | None = None
    manifest_sha256: str = ""
    key: KeyInfo | None = None
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    complete: frozenset[str] = frozenset()  # tables sent whole (mf.COMPLETE_KEY)
    shared: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Of a city packet: the county's own records as the city holds them (mf.COUNTY_COPY_KEY).
    county_copy: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    evidence: dict[str, bytes] = field(default_factory=dict)
    sequence_state: str = ""  # first | next | already
    # What the county's precheck listed as missing when it sent the packet anyway.
    open_items: list[dict[str, Any]] = field(default_factory=list)
    gap: tuple[int, int] | None = None  # sequences never imported before this one
    # The receiver's packet the sender says it last imported (data.json "ack").
    ack: tuple[int, str] | None = None

    @property
    def refusal(self) -> Check | None:
        return next((c for c in self.checks if c.state == "refused"), None)

    @property
    def ok(self) -> bool:
        return self.refusal is None and len(self.checks) == len(CHECKS)

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.state == "warning"]

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "file": str(self.path),
            "ok": self.ok,
            "sequence_state": self.sequence_state,
            "gap": list(self.gap) if self.gap else None,
            "ack": self.ack[0] if self.ack else None,
            "sender": m.sender_code if m else None,
            "period": m.period if m else None,
            "sequence": m.sequence if m else None,
            "manifest_sha256": self.manifest_sha256,
            "open_items": self.open_items,
            "checks": [{"check": c.code, "label": str(c.label), "state": c.state,
                        "message": str(c.msg)} for c in self.checks],
        }


def _open_items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The county's list of open items: text only, shown to the clerk, never merged."""
    items = doc.get("open_items", [])
    if not isinstance(items, list) or len(items) > 10_000:
        raise WireError("open_items is not a list")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise WireError("open_items holds a non-object")
        out.append({k: item[k] for k in ("kind", "task_number", "task_title", "zh", "en")
                     if isinstance(item.get(k), (str, int)) and not isinstance(item.get(k), bool)})
    return out


class _Refused(Exception):
    def __init__(self, code: str, msg: Msg) -> None:
        super().__init__(msg.en)
        self.code = code
        self.msg = msg


def _signature_key_id(text: str) -> str:
    """The key id named in a .minisig (line 2), to find the key before verifying."""
    lines = text.split("\n")
    try:
        blob = base64.b64decode(lines[1].strip(), validate=True)
    except (IndexError, binascii.Error, ValueError):
        blob = b""
    if len(blob) != 74:
        raise _Refused("signature", Msg("签名文件格式无效，已拒绝。", "Malformed signature file."))
    return minisign.key_id_hex(blob[2:10])


def chain_state(session: Session, sender: str) -> ChainState:
    """The receiver's record of ``sender``'s chain (indexed look-ups only, so the cost
    stays flat however many packets the desk holds)."""
    last = session.execute(
        select(PacketRecord.sequence, PacketRecord.manifest_sha256)
        .where(PacketRecord.sender_code == sender, PacketRecord.direction == "in",
               PacketRecord.status.in_(IMPORTED_STATUSES))
        .order_by(PacketRecord.sequence.desc()).limit(1)
    ).first()
    if last is None:
        return ChainState(None, "", {})
    return ChainState(last[0], last[1], {last[0]: last[1]})


def _known_hash(session: Session, sender: str, sequence: int, chain: ChainState) -> str | None:
    if sequence in chain.known:
        return chain.known[sequence]
    return session.scalars(
        select(PacketRecord.manifest_sha256).where(
            PacketRecord.sender_code == sender, PacketRecord.sequence == sequence,
            PacketRecord.direction == "in", PacketRecord.status.in_(IMPORTED_STATUSES))
    ).first()


class _Inspector:
    def __init__(self, session: Session, own_code: str, own_role: str, path: Path,
                 fingerprint_typed: str, chain: ChainState | None, limits: Limits) -> None:
        self.s = session
        self.own_code = own_code
        self.own_role = own_role
        self.fingerprint_typed = fingerprint_typed
        self.chain = chain
        self.limits = limits
        self.result = Inspection(path=path)

    def passed(self, code: str, msg: Msg) -> None:
        self.result.checks.append(Check(code, "passed", msg))

    def warn(self, code: str, msg: Msg) -> None:
        self.result.checks.append(Check(code, "warning", msg))

    def run(self) -> Inspection:
        try:
            with SafeZipReader(self.result.path, self.limits) as reader:
                self.passed("structure", Msg("结构安全", "structure is safe"))
                self._checks(reader)
        except PacketFormatError as e:
            code = "structure" if not self.result.checks else self._next_code()
            self.result.checks.append(Check(code, "refused", Msg(e.message_zh, e.message_en)))
        except _Refused as e:
            self.result.checks.append(Check(e.code, "refused", e.msg))
        done = {c.code for c in self.result.checks}
        self.result.checks += [Check(code, "skipped", Msg("未检查", "not run"))
                               for code, _ in CHECKS if code not in done]
        order = [code for code, _ in CHECKS]
        self.result.checks.sort(key=lambda c: order.index(c.code))
        return self.result

    def _next_code(self) -> str:
        done = {c.code for c in self.result.checks}
        return next(code for code, _ in CHECKS if code not in done)

    def _checks(self, reader: SafeZipReader) -> None:
        m, manifest_bytes, signature = self._manifest(reader)
        key = self._key(m, signature)
        self._signature(m, key, manifest_bytes, signature)
        self._addressing(m)
        self._entries(reader, m)
        self._pdf(m)
        self._data(m)
        self._sequence(m)

    # --- the checks -------------------------------------------------------------------

    def _manifest(self, reader: SafeZipReader) -> tuple[mf.Manifest, bytes, str]:
        for name in (mf.MANIFEST_ENTRY, mf.SIGNATURE_ENTRY):
            if name not in reader:
                raise _Refused("manifest", Msg(
                    f"报送包中缺少“{escape_untrusted(name[:80])}”，不是完整的报送包，已拒绝。",
                    f"the packet has no {name}"))
        raw = reader.read(mf.MANIFEST_ENTRY, mf.MAX_MANIFEST_BYTES)
        sig = reader.read(mf.SIGNATURE_ENTRY, MAX_SIGNATURE_BYTES)
        try:
            manifest = mf.parse_manifest(raw)
            signature = sig.decode("utf-8")
        except (mf.ManifestError, UnicodeDecodeError) as e:
            raise _Refused("manifest", Msg(
                "报送包的签名清单格式无效（可能是其他程序或更新版本生成的），已拒绝。",
                f"manifest is invalid: {e}")) from e
        self.result.manifest = manifest
        self.result.manifest_sha256 = hashlib.sha256(raw).hexdigest()
        # Not yet signature-checked: the name is shown escaped, never as it came.
        self.passed("manifest", Msg(
            f"{manifest.sender_code}（{escape_untrusted(manifest.sender_name)[:100]}）"
            f"{manifest.period} "
            f"第 {manifest.sequence} 号",
            f"{manifest.sender_code} {manifest.period} seq {manifest.sequence}"))
        return manifest, raw, signature

    def _key(self, m: mf.Manifest, signature: str) -> KeyInfo:
        key_id = _signature_key_id(signature)
        row = trust.key_by_id(self.s, key_id)
        if row is not None and row.replaced_at is not None:
            raise _Refused("key", Msg(
                f"签名密钥 {key_id}（{row.desk_code}）已于 {row.replaced_at:%Y-%m-%d} 被更换，"
                "旧密钥签名的报送包不再接受，已拒绝。",
                f"key {key_id} of {row.desk_code} was replaced"))
        if row is not None:
            info = KeyInfo(row.desk_code, row.desk_name, row.key_id, row.public_key,
                           certificate_pem=row.certificate_pem or "")
            self.passed("key", Msg(f"{row.desk_code} 的密钥 {key_id}（指纹 {row.fingerprint}）",
                                   f"key {key_id} of {row.desk_code}"))
            self.result.key = info
            return info
        shown = self._manifest_fingerprint(m)
        if self.fingerprint_typed and m.key_id == key_id and self._may_pin(m):
            typed = self.fingerprint_typed
            if shown and trust.fingerprint_matches(base64.b64decode(m.public_key), typed):
                info = KeyInfo(m.sender_code, m.sender_name, key_id, m.public_key, pinned_now=True)
                self.passed("key", Msg(
                    f"首次接收 {m.sender_code} 的密钥 {key_id}，指纹 {shown} 与输入一致，将予登记",
                    f"first key of {m.sender_code} confirmed by fingerprint"))
                self.result.key = info
                return info
            raise _Refused("key", Msg(
                f"指纹不符：报送包中密钥的指纹是 {shown or '（无效）'}，与输入的不一致，已拒绝。"
                "请与发送单位电话核对。",
                "fingerprint does not match the key in the packet"))
        hint = (f"（该包自称来自 {m.sender_code}，所附密钥指纹 {shown}，请电话核对后"
                f"{'用 --fingerprint 确认' if self._may_pin(m) else '用 rectdesk trust add 登记'}）"
                if shown else "")
        raise _Refused("key", Msg(
            f"报送包的签名密钥（{key_id}）未登记，无法确认发送单位，已拒绝{hint}。",
            f"the signing key {key_id} is not enrolled"))

    def _may_pin(self, m: mf.Manifest) -> bool:
        # Only a county pins, and only the city's key, and only on first contact.
        return (self.own_role == "county" and m.kind == mf.CITY_PACKET
                and trust.active_key(self.s, m.sender_code) is None)

    @staticmethod
    def _manifest_fingerprint(m: mf.Manifest) -> str:
        try:
            raw = base64.b64decode(m.public_key, validate=True)
        except (binascii.Error, ValueError):
            return ""
        return fingerprint(raw) if len(raw) == 32 else ""

    def _signature(self, m: mf.Manifest, key: KeyInfo, raw: bytes, signature: str) -> None:
        try:
            comment = minisign.verify(raw, signature, base64.b64decode(key.public_key),
                                      minisign.key_id_from_hex(key.key_id))
        except (minisign.SignatureError, ValueError, binascii.Error) as e:
            raise _Refused("signature", Msg(
                "签名校验失败：签名清单在签名后被改动，或签名是伪造的，已拒绝。",
                f"signature check failed: {e}")) from e
        self.passed("signature", Msg("签名有效", "signature is valid"))
        if key.desk_code != m.sender_code or m.key_id != key.key_id:
            raise _Refused("sender", Msg(
                f"报送包由“{key.desk_code}”的密钥签名，却自称来自“{m.sender_code}”。"
                "一个单位不能替另一个单位报送，已拒绝。",
                f"signed by {key.desk_code}'s key but claims to come from {m.sender_code}"))
        if comment != mf.trusted_comment(m):
            raise _Refused("sender", Msg(
                "签名中的可信注释与清单内容不一致，已拒绝。",
                "trusted comment does not match the manifest"))
        self.passed("sender", Msg(f"{m.sender_code}", f"{m.sender_code}"))

    def _addressing(self, m: mf.Manifest) -> None:
        wanted = mf.COUNTY_REPORT if self.own_role == "city" else mf.CITY_PACKET
        if m.kind != wanted:
            raise _Refused("kind", Msg(
                "市级台账只接收县级月报包，已拒绝。" if self.own_role == "city"
                else "县级台账只接收市级下发包，已拒绝。",
                f"a {self.own_role} desk does not accept {m.kind} packets"))
        self.passed("kind", Msg("县级月报包" if m.kind == mf.COUNTY_REPORT else "市级下发包",
                                m.kind))
        if m.recipient == self.own_code:
            self.passed("recipient", Msg(f"发给本单位（{self.own_code}）",
                                         f"addressed to {self.own_code}"))
        elif not m.recipient and m.kind == mf.COUNTY_REPORT:
            self.warn("recipient", Msg("报送包未写明接收单位", "no recipient named"))
        else:
            raise _Refused("recipient", Msg(
                f"报送包是发给“{m.recipient}”的，不是本单位（{self.own_code}），已拒绝。",
                f"addressed to {m.recipient}, not {self.own_code}"))
        if not is_period(m.period):
            raise _Refused("period", Msg(
                f"报送月份“{escape_untrusted(m.period[:20])}”格式无效，已拒绝。",
                "period is not YYYY-MM"))
        now = periods.period_of(clock.today())
        future = periods.parse_period(m.period) > periods.parse_period(now)
        if m.kind == mf.COUNTY_REPORT and future:
            # A report for a month that has not begun here cannot be honest (and would
            # count as "on time" for it).
            raise _Refused("period", Msg(
                f"报送月份 {m.period} 晚于本机当前月份 {now}，未来月份的月报不能接收，已拒绝。"
                "请县级核对电脑日期后重新导出。",
                f"period {m.period} is after this desk's month {now}"))
        self.passed("period", Msg(m.period, m.period))

    def _entries(self, reader: SafeZipReader, m: mf.Manifest) -> None:
        present = set(reader.names()) - {mf.MANIFEST_ENTRY, mf.SIGNATURE_ENTRY}
        listed = set(m.entries)
        required = {mf.DATA_ENTRY}
        if m.kind == mf.COUNTY_REPORT:
            required |= {mf.XLSX_ENTRY, mf.PDF_ENTRY}
        for name in sorted(present - listed):
            raise _Refused("entries", Msg(
                f"报送包中有签名清单之外的文件“{escape_untrusted(name[:80])}”（文件被添加或改名），已拒绝。",
                f"entry {name!r} is not in the manifest"))
        for name in sorted((listed - present) | (required - listed)):
            raise _Refused("entries", Msg(
                f"报送包缺少签名清单中列出的文件“{escape_untrusted(name[:80])}”（文件被删除或改名），已拒绝。",
                f"entry {name!r} is missing"))
        allowed = {mf.DATA_ENTRY, mf.XLSX_ENTRY, mf.PDF_ENTRY}
        for name in sorted(listed):
            if name not in allowed and not _EVIDENCE_NAME.match(name):
                raise _Refused("entries", Msg(
                    f"报送包中有不应出现的文件“{escape_untrusted(name[:80])}”，已拒绝。",
                    f"unexpected entry {name!r}"))
        self.passed("entries", Msg(f"共 {len(listed)} 个文件", f"{len(listed)} entries"))
        for name in sorted(listed):
            digest, size = m.entries[name]
            if reader.entry(name).size != size:
                raise _Refused("hashes", Msg(
                    f"报送包中的文件“{escape_untrusted(name[:80])}”大小与签名清单不符，文件已被改动，已拒绝。",
                    f"entry {name!r} size differs from the manifest"))
            hasher = hashlib.sha256()
            keep = (name in (mf.DATA_ENTRY, mf.PDF_ENTRY)
                    or name.startswith(mf.EVIDENCE_PREFIX))
            chunks: list[bytes] = []
            for chunk in reader.iter_chunks(name, size):
                hasher.update(chunk)
                if keep:
                    chunks.append(chunk)
            if hasher.hexdigest() != digest:
                raise _Refused("hashes", Msg(
                    f"报送包中的文件“{escape_untrusted(name[:80])}”与签名清单中的校验值不符，文件已被改动或损坏，已拒绝。",
                    f"entry {name!r} hash differs from the manifest"))
            if name.startswith(mf.EVIDENCE_PREFIX):
                if name.removeprefix(mf.EVIDENCE_PREFIX) != digest:
                    raise _Refused("hashes", Msg(
                        f"佐证材料“{escape_untrusted(name[:80])}”的名称与内容不符，已拒绝。",
                        f"evidence {name!r} is not named by its hash"))
                self.result.evidence[digest] = b"".join(chunks)
            elif name == mf.PDF_ENTRY:
                self._pdf_bytes = b"".join(chunks)
            elif keep:
                self._data_bytes = b"".join(chunks)
        self.passed("hashes", Msg("全部一致", "all match"))

    def _pdf(self, m: mf.Manifest) -> None:
        """report.pdf is part of what the county signs: its PAdES signature must be
        intact, whole and the enrolled certificate's, or the packet is refused."""
        if m.kind != mf.COUNTY_REPORT:
            self.result.checks.append(Check("pdf", "skipped", Msg(
                "下发包不含报告 PDF", "a city packet has no report PDF")))
            return
        assert self.result.key is not None
        ok, msg = check_report_pdf(getattr(self, "_pdf_bytes", b""),
                                   self.result.key.certificate_pem)
        if not ok:
            raise _Refused("pdf", msg)
        self.passed("pdf", msg)

    def _data(self, m: mf.Manifest) -> None:
        raw = getattr(self, "_data_bytes", b"")
        if len(raw) > MAX_DATA_BYTES:
            raise _Refused("data", Msg("数据文件过大，已拒绝。", "data.json too large"))
        try:
            doc = mf.load_json(raw)
            self._check_data(doc, m)
        except (mf.ManifestError, WireError) as e:
            raise _Refused("data", Msg(
                f"报送包中的数据格式不符合要求（{escape_untrusted(str(e)[:200])}），已拒绝。",
                f"data.json is invalid: {escape_untrusted(str(e)[:200])}"
            )) from e
        total = sum(len(v) for v in self.result.tables.values())
        copy = sum(len(v) for v in self.result.county_copy.values())
        if copy:
            self.passed("data", Msg(f"共 {total} 条记录，另附市级留存的本单位记录 {copy} 条",
                                    f"{total} records, and {copy} of this unit's own as the "
                                    "city holds them"))
        else:
            self.passed("data", Msg(f"共 {total} 条记录", f"{total} records"))

    def _check_data(self, doc: Any, m: mf.Manifest) -> None:
        if not isinstance(doc, dict) or doc.get("format") != mf.DATA_FORMAT:
            raise WireError("unknown data format")
        if doc.get("kind") != m.kind or doc.get("desk") != m.sender_code:
            raise WireError("data does not belong to this manifest")
        tables, shared = doc.get("tables"), doc.get("shared")
        if not isinstance(tables, dict) or not isinstance(shared, dict):
            raise WireError("tables missing")
        allowed = CITY_TABLES if m.kind == mf.CITY_PACKET else COUNTY_TABLES
        names = {model.__tablename__ for model in allowed}
        if set(tables) - names:
            raise WireError(f"tables not allowed: {sorted(set(tables) - names)}")
        allowed_shared = set(SHARED_COUNTY_FIELDS) if m.kind == mf.COUNTY_REPORT else set()
        if set(shared) - allowed_shared:
            raise WireError("shared records not allowed")
        seen: set[str] = set()
        for name, rows in tables.items():
            if not isinstance(rows, list):
                raise WireError(f"{name} is not a list")
            if m.counts.get(name, len(rows)) != len(rows):
                raise WireError(f"{name}: {len(rows)} records, manifest says {m.counts[name]}")
            table = table_of(name)
            decoded = [decode_row(table, row) for row in rows]
            for row in decoded:
                if row["uuid"] in seen:
                    raise WireError(f"record {row['uuid']} appears twice")
                seen.add(row["uuid"])
            self.result.tables[name] = decoded
        self.result.complete = self._complete(doc, m)
        self.result.open_items = _open_items(doc)
        self.result.ack = _ack(doc)
        for name, rows in shared.items():
            if not isinstance(rows, list):
                raise WireError(f"shared {name} is not a list")
            table = table_of(name)
            fields = SHARED_COUNTY_FIELDS[name]
            self.result.shared[name] = [decode_row(table, r, partial=fields) for r in rows]
        self._county_copy(doc, m)

    def _county_copy(self, doc: dict[str, Any], m: mf.Manifest) -> None:
        """The county's own records a city packet carries back: the county's packet
        tables only, each record once, counted in the manifest like the rest."""
        copy = doc.get(mf.COUNTY_COPY_KEY)
        if copy is None:
            return
        if m.kind != mf.CITY_PACKET or not isinstance(copy, dict):
            raise WireError("county_copy is only for a city packet, as a table map")
        names = {model.__tablename__ for model in COUNTY_TABLES}
        if set(copy) - names:
            raise WireError(f"county_copy tables not allowed: {sorted(set(copy) - names)}")
        seen: set[str] = set()
        for name, rows in copy.items():
            if not isinstance(rows, list):
                raise WireError(f"county_copy {name} is not a list")
            key = f"{mf.COUNTY_COPY_KEY}.{name}"
            if m.counts.get(key, len(rows)) != len(rows):
                raise WireError(f"{key}: {len(rows)} records, manifest says {m.counts[key]}")
            decoded = [decode_row(table_of(name), row) for row in rows]
            for row in decoded:
                if row["uuid"] in seen:
                    raise WireError(f"record {row['uuid']} appears twice")
                seen.add(row["uuid"])
            self.result.county_copy[name] = decoded

    @staticmethod
    def _complete(doc: dict[str, Any], m: mf.Manifest) -> frozenset[str]:
        """The tables the packet sends whole. What such a table no longer carries is
        deleted here, so only a city packet may declare it, and only of the tables a
        city clerk can delete from."""
        if mf.COMPLETE_KEY not in doc:
            return frozenset()  # changes only: a county packet, or an older city desk
        named = doc[mf.COMPLETE_KEY]
        if (not isinstance(named, list) or not all(isinstance(n, str) for n in named)
                or len(set(named)) != len(named)):
            raise WireError("complete is not a list of distinct table names")
        if m.kind != mf.CITY_PACKET:
            raise _Refused("data", Msg(
                "县级月报包声明了“完整发送”的数据表，这只用于市级下发包，已拒绝。",
                "a county packet may not declare complete tables"))
        wrong = sorted(set(named) - mf.CITY_COMPLETE_TABLES)
        if wrong:
            raise _Refused("data", Msg(
                f"市级下发包声明完整发送“{'、'.join(wrong)[:80]}”，只有延期、信访件和回头看可以"
                "这样发送（缺少的记录会被删除），已拒绝。",
                f"tables that may not be declared complete: {', '.join(wrong)[:80]}"))
        missing = sorted(set(named) - set(doc["tables"]))
        if missing:
            raise _Refused("data", Msg(
                f"市级下发包声明完整发送“{'、'.join(missing)}”，却没有附带这些数据，已拒绝。",
                f"tables declared complete but not sent: {', '.join(missing)}"))
        return frozenset(named)

    def _sequence(self, m: mf.Manifest) -> None:
        """README "How packets are settled": a later packet is taken even after a gap
        (a county packet is a full snapshot; a city packet carries everything since the
        last one the county acknowledged), an earlier one is a replay."""
        chain = self.chain or chain_state(self.s, m.sender_code)
        digest = self.result.manifest_sha256
        known = _known_hash(self.s, m.sender_code, m.sequence, chain)
        if known == digest:
            self.result.sequence_state = "already"
            self.passed("sequence", Msg(f"第 {m.sequence} 号已导入过，不会重复导入",
                                        f"sequence {m.sequence} already imported"))
            return
        if known is not None:
            raise _Refused("sequence", Msg(
                f"{m.sender_code} 的第 {m.sequence} 号报送包已导入过另一份内容不同的包，"
                "同一序号出现两个版本（伪造或重复签发），已拒绝。",
                f"a different packet with sequence {m.sequence} was already imported"))
        last = chain.last_sequence
        if last is None:
            self.result.sequence_state = "first"
            if m.sequence == 1:
                self.passed("sequence", Msg("首个报送包（第 1 号）", "first packet"))
            else:
                self.warn("sequence", Msg(
                    f"首次收到 {m.sender_code} 的报送包，序号为 {m.sequence}（此前的包未导入）",
                    f"first packet seen from {m.sender_code} has sequence {m.sequence}"))
            return
        if m.sequence < last:
            raise _Refused("sequence", Msg(
                f"报送包序号 {m.sequence} 早于已导入的第 {last} 号，是旧包重放，已拒绝。",
                f"sequence {m.sequence} replays an old packet (last imported {last})"))
        self.result.sequence_state = "next"
        if m.sequence > last + 1:
            first, final = last + 1, m.sequence - 1
            self.result.gap = (first, final)
            missing = f"第 {first} 号" + (f"至第 {final} 号" if final > first else "")
            self.warn("sequence", Msg(
                f"第 {m.sequence} 号；{missing}未收到（丢失、被拒或未送出）。本包带有发送单位的"
                "全部现有数据，导入后即与其一致；缺少的包以后到达时将作为旧包拒绝",
                f"sequence {m.sequence}: {first}–{final} never imported; this packet "
                "brings the sender's whole current state"))
            return
        if m.previous_sha256 != chain.last_sha256:
            # A sender restored from a backup re-issues numbers: shown, not fatal, since
            # this packet carries the sender's whole current state all the same.
            self.warn("sequence", Msg(
                f"第 {m.sequence} 号声明的上一个包与本机导入的第 {last} 号不同"
                "（发送单位可能从备份恢复过），本包仍按其现有数据导入",
                "previous packet hash does not match the chain"))
            return
        self.passed("sequence", Msg(f"第 {m.sequence} 号，紧接第 {last} 号",
                                    f"sequence {m.sequence} follows {last}"))


def _ack(doc: dict[str, Any]) -> tuple[int, str] | None:
    """The receiver's packet the sender last imported, as data.json names it."""
    ack = doc.get(mf.ACK_KEY)
    if ack is None:
        return None
    if (not isinstance(ack, dict) or set(ack) != {"sequence", "manifest_sha256"}
            or type(ack["sequence"]) is not int or not 1 <= ack["sequence"] < 2**31
            or not isinstance(ack["manifest_sha256"], str)
            or not re.fullmatch(r"[0-9a-f]{64}", ack["manifest_sha256"])):
        raise WireError("ack is malformed")
    return ack["sequence"], ack["manifest_sha256"]


def inspect_packet(session: Session, path: Path, *, own_code: str, own_role: str,
                   fingerprint_typed: str = "", chain: ChainState | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Verify one packet file against this desk's trust and chain; never writes.
    Raises OSError only for trouble opening the file itself."""
    return _Inspector(session, own_code, own_role, Path(path), fingerprint_typed, chain,
                      limits).run()
