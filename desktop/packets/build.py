"""Writing packets: the county's monthly report packet and the city's packet back.

Every packet is built inside one write transaction that also records it
(PacketRecord, direction "out") and audits the export, so the sequence chain in the
database and the files handed out never disagree: the zip is written (and synced)
under a temporary name and only renamed into place after the transaction committed.
A crash between the commit and the rename leaves a recorded packet under its
temporary name; the next export finishes it (the record keeps the folder).  A
temporary file without a record was never committed and is removed.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import OrgUnit, PacketRecord, PeriodDeclaration, TrustedKey
from desktop import clock
from desktop.domain import periods
from desktop.i18n import Msg, UserError
from desktop.packets import manifest as mf
from desktop.packets.documents import build_documents
from desktop.packets.safezip import write_zip
from desktop.packets.scope import city_snapshot, county_snapshot
from desktop.packets.verify import IMPORTED_STATUSES, chain_state
from desktop.services import evidence as evidence_store
from desktop.services import precheck
from desktop.services.completeness import COUNTY_KINDS
from desktop.services.desk import DeskContext
from desktop.signing import minisign
from desktop.signing.canonical import canonical_json, sha256_hex
from desktop.signing.identity import Identity

__all__ = ["ExportResult", "acknowledged", "export_city_packet", "export_county_packet",
           "packet_time"]

ProgressFn = Callable[[str, int], None]  # (step description, percent)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: mf.Manifest
    manifest_sha256: str
    evidence_files: int
    # Of a county packet: our sequence the city says it holds (its newest city packet
    # imported here names it), None before any.
    city_holds: int | None = None


def packet_time() -> datetime:
    """Now, on the program's calendar: when today is fixed (``--today``), the packet is
    dated that day so reproducible runs give reproducible completeness."""
    moment = clock.now()
    today = clock.today()
    if moment.date() != today:
        moment = datetime.combine(today, moment.time(), UTC)
    return moment


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _check_period(period: str) -> None:
    if not periods.is_period(period):
        raise UserError(Msg(f"月份应写成 2026-05 这样的格式：{period}",
                            f"Period must look like 2026-05: {period}"))
    if periods.parse_period(period) > periods.parse_period(periods.period_of(clock.today())):
        raise UserError(Msg(f"{period} 还没有到，不能报送。",
                            f"{period} has not started yet; it cannot be reported."))


def _last_out(session: Session, kind: str, recipient: str | None) -> PacketRecord | None:
    query = select(PacketRecord).where(PacketRecord.direction == "out",
                                       PacketRecord.kind == kind)
    if recipient is not None:
        query = query.where(PacketRecord.recipient_code == recipient)
    return session.scalars(query.order_by(PacketRecord.sequence.desc())).first()


def city_code_of(session: Session, own_code: str) -> str:
    """Where a county's packets go: the enrolled city, else the unit's parent."""
    key = session.scalars(select(TrustedKey.desk_code).where(
        TrustedKey.role == "city", TrustedKey.replaced_at.is_(None))).first()
    if key:
        return key
    unit = session.scalars(select(OrgUnit).where(OrgUnit.code == own_code)).first()
    if unit is not None and unit.parent_code:
        return unit.parent_code
    city = session.scalars(select(OrgUnit.code).where(OrgUnit.kind == "city")).first()
    return city or ""


def _ack(session: Session, sender: str) -> dict[str, Any] | None:
    """data.json's acknowledgement: the last packet of ``sender`` imported here."""
    chain = chain_state(session, sender)
    if chain.last_sequence is None:
        return None
    return {"sequence": chain.last_sequence, "manifest_sha256": chain.last_sha256}


def acknowledged(session: Session, sender: str) -> dict[str, Any] | None:
    """What ``sender`` last said it imported of ours (the ack of its newest packet
    imported here), or None."""
    rec = session.scalars(select(PacketRecord).where(
        PacketRecord.direction == "in", PacketRecord.sender_code == sender,
        PacketRecord.status.in_(IMPORTED_STATUSES))
        .order_by(PacketRecord.sequence.desc()).limit(1)).first()
    ack = (rec.report or {}).get("ack") if rec is not None else None
    return ack if isinstance(ack, dict) else None


def _acknowledged_out(session: Session, recipient: str) -> PacketRecord | None:
    """Our city packet that ``recipient`` last acknowledged (sequence and hash agree)."""
    ack = acknowledged(session, recipient)
    if ack is None:
        return None
    return session.scalars(select(PacketRecord).where(
        PacketRecord.direction == "out", PacketRecord.kind == mf.CITY_PACKET,
        PacketRecord.recipient_code == recipient, PacketRecord.sequence == ack.get("sequence"),
        PacketRecord.manifest_sha256 == ack.get("manifest_sha256"))).first()


def _declare(session: Session, code: str, period: str, no_change: bool) -> None:
    row = session.scalars(select(PeriodDeclaration).where(
        PeriodDeclaration.unit_code == code, PeriodDeclaration.period == period)).first()
    if no_change:
        if row is None:
            session.add(PeriodDeclaration(unit_code=code, period=period, no_change=True,
                                          note="本月无新进展", owner=code))
        else:
            row.no_change = True
    elif row is not None and row.no_change:
        row.no_change = False  # re-exported with real changes after all


def _seal(session: Session, ctx: DeskContext, identity: Identity, *, kind: str,
          recipient: str, period: str, entries: dict[str, bytes], counts: dict[str, int],
          no_change: bool, out_dir: Path, report: dict[str, Any], supersede: bool) -> ExportResult:
    """Sign, record and write one packet (the caller's transaction commits it)."""
    last = _last_out(session, kind, recipient if kind == mf.CITY_PACKET else None)
    seq_no, head = audit.head(session)
    created = packet_time()
    manifest = mf.Manifest(
        kind=kind, sender_code=ctx.code, sender_name=identity.desk_name,
        key_id=identity.key_id_hex,
        public_key=base64.b64encode(identity.ed25519_public_raw).decode("ascii"),
        recipient=recipient, period=period, sequence=(last.sequence + 1) if last else 1,
        previous_sha256=last.manifest_sha256 if last else "", audit_seq=seq_no,
        audit_hash=head, counts=counts, created=_iso(created), no_change=no_change,
        entries={name: (sha256_hex(data), len(data)) for name, data in entries.items()},
    )
    manifest_bytes = manifest.to_bytes()
    signature = minisign.sign(
        manifest_bytes, identity.ed25519_private, identity.key_id,
        trusted_comment=mf.trusted_comment(manifest),
        untrusted_comment=f"signature from rectdesk desk {ctx.code} key {identity.key_id_hex}",
    )
    name = mf.file_name(manifest)
    digest = sha256_hex(manifest_bytes)
    if supersede:
        for older in session.scalars(select(PacketRecord).where(
                PacketRecord.direction == "out", PacketRecord.kind == kind,
                PacketRecord.period == period, PacketRecord.status == "sent")):
            older.status = "superseded"
    record = PacketRecord(
        direction="out", kind=kind, sender_code=ctx.code, recipient_code=recipient,
        period=period, sequence=manifest.sequence, manifest_sha256=digest,
        previous_sha256=manifest.previous_sha256, audit_head=head, status="sent",
        file_name=name, owner=ctx.code,
        report={**report, "created": manifest.created, "counts": counts,
                "audit_seq": seq_no, "dir": str(out_dir.absolute())},
    )
    session.add(record)
    audit.log_event(session, "packet_record", record.uuid, "packet_exported",
                    {"file": name, "sequence": manifest.sequence, "period": period,
                     "recipient": recipient, "manifest_sha256": digest})
    # Last, so an error above leaves no file; synced before the caller commits.
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        partial = out_dir / f".{name}.partial"
        write_zip(partial, {**entries, mf.MANIFEST_ENTRY: manifest_bytes,
                            mf.SIGNATURE_ENTRY: signature.encode("utf-8")})
    except OSError as e:
        raise UserError(Msg(f"无法写入“{out_dir}”：{e.strerror}。请检查U盘或磁盘空间。",
                            f"Cannot write to “{out_dir}”: {e.strerror}.")) from e
    return ExportResult(path=out_dir / name, manifest=manifest, manifest_sha256=digest,
                        evidence_files=sum(1 for n in entries if n.startswith(mf.EVIDENCE_PREFIX)))


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _publish(result: ExportResult) -> None:
    os.replace(_partial(result.path), result.path)


def _finish_interrupted(session: Session, own_code: str, out_dir: Path) -> None:
    """Before an export: rename into place each recorded packet a crash left under
    its temporary name, and remove this desk's temporary packet files in ``out_dir``
    that have no record (their transaction never committed).  Other desks' files
    in a shared folder (a USB stick) are not touched."""
    recorded: set[str] = set()
    for rec in session.scalars(select(PacketRecord).where(PacketRecord.direction == "out")):
        folder = (rec.report or {}).get("dir")
        if not folder or not rec.file_name:
            continue
        final = Path(folder) / rec.file_name
        if final.parent == out_dir.absolute():
            recorded.add(rec.file_name)
        with contextlib.suppress(OSError):  # the folder may be a stick not plugged in
            if _partial(final).is_file() and not final.exists():
                os.replace(_partial(final), final)
    with contextlib.suppress(OSError):
        for leftover in out_dir.glob(f".{own_code}_*{mf.EXTENSION}.partial"):
            if leftover.name[1:-len(".partial")] not in recorded:
                leftover.unlink()


def _discard(result: ExportResult | None) -> None:
    # Only our own partial file: another export may be writing next to it.
    if result is not None:
        with contextlib.suppress(OSError):
            _partial(result.path).unlink()


def export_county_packet(ctx: DeskContext, identity: Identity, period: str, out_dir: Path, *,
                         no_change: bool = False, progress: ProgressFn | None = None
                         ) -> ExportResult:
    """Write this county's report packet for ``period``; returns where it went."""
    if ctx.is_city:
        raise UserError(Msg("市级台账用 --to 单位代码 导出下发包。",
                            "A city desk exports packets with --to CODE."))
    _check_period(period)
    tick = progress or (lambda _step, _pct: None)
    result: ExportResult | None = None
    try:
        with ctx.ledger.batch(actor="packet") as s:
            _finish_interrupted(s, ctx.code, out_dir)
            tick("数据", 5)
            _declare(s, ctx.code, period, no_change)
            s.flush()
            tables, shared = county_snapshot(s, ctx.code)
            recipient = city_code_of(s, ctx.code)
            data: dict[str, Any] = {
                "format": mf.DATA_FORMAT, "kind": mf.COUNTY_REPORT, "desk": ctx.code,
                "period": period, "tables": tables, "shared": shared,
                # Sent anyway: what the county knew was still missing, for the city.
                "open_items": precheck.as_json(
                    precheck.open_items(s, ctx.code, period, clock.today()))}
            ack = _ack(s, recipient) if recipient else None
            if ack is not None:
                data[mf.ACK_KEY] = ack
            entries: dict[str, bytes] = {mf.DATA_ENTRY: canonical_json(data)}
            # Evidence files go again until the city acknowledges a packet that carried
            # them: a lost packet must not leave the city with records but no files.
            held = city_holds(s, recipient)
            sent: set[str] = set()
            if held is not None:
                for rec in s.scalars(select(PacketRecord).where(
                        PacketRecord.direction == "out", PacketRecord.kind == mf.COUNTY_REPORT,
                        PacketRecord.sequence <= held)):
                    sent.update((rec.report or {}).get("evidence", []))
            tick("佐证材料", 20)
            new_evidence = sorted({row["sha256"] for row in tables["evidence"]} - sent)
            missing = []
            for sha in new_evidence:
                try:
                    entries[mf.EVIDENCE_PREFIX + sha] = evidence_store.read_bytes(ctx.paths, sha)
                except (OSError, UserError):
                    missing.append(sha)
            if missing:
                raise UserError(Msg(
                    f"有 {len(missing)} 个佐证材料文件缺失或已损坏，无法报送"
                    f"（如 {missing[0][:12]}…）。"
                    "请从备份恢复或重新上传后再导出。",
                    f"{len(missing)} evidence files are missing or damaged.",
                ))
            tick("Excel 台账与 PDF 报告", 35)
            docs = build_documents(s, identity, today=clock.today(), settings=ctx.settings,
                                   period=period, desk_name=identity.desk_name,
                                   desk_code=ctx.code)
            entries[mf.XLSX_ENTRY] = docs.xlsx
            entries[mf.PDF_ENTRY] = docs.pdf
            tick("签名", 85)
            counts = {name: len(rows) for name, rows in tables.items()}
            counts.update({f"shared.{name}": len(rows) for name, rows in shared.items()})
            counts["evidence_files"] = len(new_evidence)
            result = _seal(s, ctx, identity, kind=mf.COUNTY_REPORT,
                           recipient=recipient, period=period,
                           entries=entries, counts=counts, no_change=no_change,
                           out_dir=out_dir, supersede=True,
                           report={"evidence": new_evidence, "fallback_pdf": docs.fallback_pdf})
            result = dataclasses.replace(result, city_holds=held)
    except BaseException:
        _discard(result)
        raise
    assert result is not None
    _publish(result)
    tick("完成", 100)
    return result


def city_holds(session: Session, city: str) -> int | None:
    """The sequence of our report packet the city last said it imported."""
    ack = acknowledged(session, city) if city else None
    seq = ack.get("sequence") if ack else None
    return seq if isinstance(seq, int) else None


def _county_copy(ctx: DeskContext, session: Session, county: str,
                 entries: dict[str, bytes]) -> dict[str, list[Any]]:
    """The county's own records held here (what its packets brought, and the starting
    rows and revisits made here in its name), non-empty tables only; their evidence
    files are added to ``entries``.  A file missing here is left out: the county is
    told which one it lacks, as after any packet."""
    tables, _shared = county_snapshot(session, county)
    copy = {name: rows for name, rows in tables.items() if rows}
    for row in copy.get("evidence", []):
        with contextlib.suppress(OSError, UserError):
            entries[mf.EVIDENCE_PREFIX + row["sha256"]] = evidence_store.read_bytes(
                ctx.paths, row["sha256"])
    return copy


def export_city_packet(ctx: DeskContext, identity: Identity, recipient: str, out_dir: Path,
                       *, progress: ProgressFn | None = None) -> ExportResult:
    """Write the city's packet for one county: what is new or changed since the last
    city packet the county acknowledged having imported (everything until it has
    acknowledged one), so a lost or refused city packet loses nothing; except the
    city's own records of the tables of ``CITY_COMPLETE_TABLES``, sent whole every
    time so the county sees what the city deleted. ``counts`` are the rows carried,
    as verify checks them."""
    if not ctx.is_city:
        raise UserError(Msg("只有市级台账可以导出下发包；县级台账用 --period 导出月报包。",
                            "Only a city desk sends packets back; use --period on a county."))
    tick = progress or (lambda _step, _pct: None)
    result: ExportResult | None = None
    try:
        with ctx.ledger.batch(actor="packet") as s:
            _finish_interrupted(s, ctx.code, out_dir)
            unit = s.scalars(select(OrgUnit).where(OrgUnit.code == recipient)).first()
            if unit is None or unit.kind not in COUNTY_KINDS:
                raise UserError(Msg(f"没有代码为“{recipient}”的县级单位。",
                                    f"There is no county-level unit “{recipient}”."))
            tick("数据", 10)
            base = _acknowledged_out(s, recipient)
            sent: dict[str, int] = dict((base.report or {}).get("sent", {})) if base else {}
            tables = {}
            for name, rows in city_snapshot(s, ctx.code, recipient).items():
                # Of a complete table only the city's own records go whole: the county's
                # (insert-only there) go once, or a packet crossing the county's
                # deletion of one would bring it back.
                whole = name in mf.CITY_COMPLETE_TABLES
                rows = [r for r in rows if (whole and r["owner"] == ctx.code)
                        or sent.get(r["uuid"]) != r["revision"]]
                tables[name] = rows
                sent.update({r["uuid"]: r["revision"] for r in rows})
            data: dict[str, Any] = {
                    "format": mf.DATA_FORMAT, "kind": mf.CITY_PACKET, "desk": ctx.code,
                    "recipient": recipient, "period": periods.period_of(clock.today()),
                    "tables": tables, "shared": {},
                    mf.COMPLETE_KEY: sorted(mf.CITY_COMPLETE_TABLES)}
            ack = _ack(s, recipient)
            if ack is not None:
                data[mf.ACK_KEY] = ack
            counts = {name: len(rows) for name, rows in tables.items()}
            entries: dict[str, bytes] = {}
            if base is None:
                # Until the county acknowledges a city packet it may be a new PC: the
                # county's own records as held here go too (only this county's), with
                # their evidence files, for it to take back (merge: county copy).
                copy = _county_copy(ctx, s, recipient, entries)
                if copy:
                    data[mf.COUNTY_COPY_KEY] = copy
                    counts.update({f"{mf.COUNTY_COPY_KEY}.{name}": len(rows)
                                   for name, rows in copy.items()})
            entries[mf.DATA_ENTRY] = canonical_json(data)
            tick("签名", 70)
            result = _seal(s, ctx, identity, kind=mf.CITY_PACKET, recipient=recipient,
                           period=data["period"], entries=entries,
                           counts=counts, no_change=False, out_dir=out_dir, supersede=False,
                           report={"sent": sent})
    except BaseException:
        _discard(result)
        raise
    assert result is not None
    _publish(result)
    tick("完成", 100)
    return result
