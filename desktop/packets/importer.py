"""Importing packets: verify each, merge them all in one transaction, record and audit.

A dry run (the default) merges in a session that is rolled back, so its diff is exactly
what ``--apply`` would do. With ``--apply`` the batch is all or nothing: if any packet is
rejected, nothing of the batch is written, and the clerk sees why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import PacketRecord
from desktop import clock
from desktop.i18n import Msg, UserError
from desktop.packets import manifest as mf
from desktop.packets import trust
from desktop.packets.merge import IMPORT_ACTOR, Merger, PacketMerge
from desktop.packets.safezip import DEFAULT_LIMITS, Limits, PacketFormatError, SafeZipReader
from desktop.packets.verify import ChainState, Inspection, chain_state, inspect_packet
from desktop.services import evidence as evidence_store
from desktop.services.desk import DeskContext

__all__ = ["STATUS_LABELS", "ImportOutcome", "PacketOutcome", "import_packets"]

STATUS_LABELS: dict[str, Msg] = {
    "accepted": Msg("已接收", "accepted"),
    "accepted_with_warnings": Msg("已接收（有警告）", "accepted with warnings"),
    "already_imported": Msg("已导入过", "already imported"),
    "superseded": Msg("已被更新的包取代", "superseded"),
    "rejected": Msg("已拒绝", "rejected"),
    "not_applied": Msg("未导入（同批有被拒绝的报送包）",
                       "not imported (another packet of the batch was rejected)"),
}

ProgressFn = Callable[[str, int], None]


WARNINGS_SHOWN = 50
# Record ids in a warning (a full uuid, or its first 8 or 12 hex digits): warnings that
# differ only in them say the same thing about several records.
_IDS = re.compile(r"\s?[（(]?\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b[）)]?"
                  r"|\s?[（(][0-9a-f]{8}[）)]|\s?\b[0-9a-f]{12}…")


def group_warnings(warnings: list[Msg], limit: int = WARNINGS_SHOWN) -> list[Msg]:
    """Identical warnings (up to the records they name) once, with their count, in
    first-seen order; at most ``limit`` lines, then how many more were left out."""
    groups: dict[str, list[Msg]] = {}
    for w in warnings:
        groups.setdefault(_IDS.sub("", w.zh), []).append(w)
    lines: list[Msg] = []
    for key, same in groups.items():
        if len(same) == 1:
            lines.append(same[0])
        else:
            lines.append(Msg(f"{key}（共 {len(same)} 条）",
                             f"{_IDS.sub('', same[0].en)} ({len(same)} records)"))
    if len(lines) > limit:
        rest = sum(len(g) for g in list(groups.values())[limit:])
        lines = [*lines[:limit], Msg(f"另有 {rest} 条警告未列出。",
                                     f"{rest} more warnings not listed.")]
    return lines


@dataclass
class PacketOutcome:
    path: Path
    inspection: Inspection
    status: str = ""
    merge: PacketMerge = field(default_factory=PacketMerge)
    evidence_missing: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[Msg]:
        return [c.msg for c in self.inspection.warnings] + self.merge.warnings + [
            Msg(f"佐证材料 {sha[:12]}… 有记录但未随包发送，本机也没有",
                f"evidence {sha[:12]}… is named but was not sent and is not here")
            for sha in self.evidence_missing
        ]

    def shown_warnings(self, limit: int = WARNINGS_SHOWN) -> list[Msg]:
        """The warnings as a clerk reads them: see ``group_warnings``."""
        return group_warnings(self.warnings, limit)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.inspection.to_json(),
            "status": self.status,
            "status_label": str(STATUS_LABELS[self.status]),
            "diff": {t: d.to_json() for t, d in sorted(self.merge.diff.items())},
            "warnings": [str(w) for w in self.warnings],
            "restored": self.merge.restored,
            "notes": [str(n) for n in self.merge.notes],
            "evidence_missing": self.evidence_missing,
        }


@dataclass
class ImportOutcome:
    packets: list[PacketOutcome]
    applied: bool

    @property
    def rejected(self) -> list[PacketOutcome]:
        return [p for p in self.packets if p.status == "rejected"]

    def to_json(self) -> dict[str, Any]:
        return {"applied": self.applied, "packets": [p.to_json() for p in self.packets]}


def _peek(path: Path, limits: Limits) -> tuple[str, int]:
    """Sender and sequence, to put a batch in chain order before the real checks."""
    try:
        with SafeZipReader(path, limits) as reader:
            m = mf.parse_manifest(reader.read(mf.MANIFEST_ENTRY, mf.MAX_MANIFEST_BYTES))
        return m.sender_code, m.sequence
    except (PacketFormatError, mf.ManifestError, OSError):
        return "", 0


def _inspect_all(s: Session, ctx: DeskContext, files: Sequence[Path], fingerprint: str,
                 limits: Limits, tick: ProgressFn) -> list[PacketOutcome]:
    ordered = sorted(files, key=lambda p: (*_peek(p, limits), str(p)))
    chains: dict[str, ChainState] = {}
    outcomes = []
    for i, path in enumerate(ordered):
        tick(f"核验 {path.name}", 5 + 45 * i // max(1, len(ordered)))
        sender, _seq = _peek(path, limits)
        chain = chains.get(sender) if sender else None
        if sender and chain is None:
            chain = chains[sender] = chain_state(s, sender)
        try:
            insp = inspect_packet(s, path, own_code=ctx.code, own_role=ctx.role,
                                  fingerprint_typed=fingerprint, chain=chain, limits=limits)
        except OSError as e:
            raise UserError(Msg(f"无法读取“{path}”：{e.strerror}。",
                                f"Cannot read “{path}”: {e.strerror}.")) from e
        outcome = PacketOutcome(path=path, inspection=insp)
        m = insp.manifest
        if not insp.ok or m is None:
            outcome.status = "rejected"
        elif insp.sequence_state == "already":
            outcome.status = "already_imported"
        else:
            chains[m.sender_code] = ChainState(
                m.sequence, insp.manifest_sha256,
                {**(chain.known if chain else {}), m.sequence: insp.manifest_sha256})
        outcomes.append(outcome)
    return outcomes


def _merge_all(s: Session, ctx: DeskContext, outcomes: list[PacketOutcome],
               tick: ProgressFn) -> dict[str, bytes]:
    merger = Merger(s, ctx.code, ctx.role)
    carried: dict[str, bytes] = {}
    todo = [o for o in outcomes if not o.status]
    for i, outcome in enumerate(todo):
        tick(f"合并 {outcome.path.name}", 50 + 40 * i // max(1, len(todo)))
        insp = outcome.inspection
        m = insp.manifest
        assert m is not None
        if m.kind == mf.COUNTY_REPORT:
            merger.merge_county(m.sender_code, insp.tables, insp.shared, outcome.merge)
        else:
            merger.merge_city(m.sender_code, insp.tables, outcome.merge, insp.complete,
                              insp.county_copy)
        carried.update(insp.evidence)
    s.flush()
    for outcome in todo:
        m = outcome.inspection.manifest
        assert m is not None
        for sha in sorted(outcome.merge.evidence_needed):
            if sha not in carried and not ctx.paths.evidence_file(sha).exists():
                outcome.evidence_missing.append(sha)
        later = any(o is not outcome and o.inspection.manifest is not None
                    and o.inspection.manifest.sender_code == m.sender_code
                    and o.inspection.manifest.period == m.period
                    and o.inspection.manifest.sequence > m.sequence for o in todo)
        outcome.status = ("superseded" if later and m.kind == mf.COUNTY_REPORT
                          else "accepted_with_warnings" if outcome.warnings else "accepted")
    return carried


def _record(s: Session, ctx: DeskContext, outcome: PacketOutcome, now: datetime) -> None:
    insp = outcome.inspection
    m = insp.manifest
    assert m is not None
    if insp.key is not None and insp.key.pinned_now:
        trust.pin(s, ctx.code, m.sender_code, m.sender_name, m.key_id, m.public_key,
                  role="city")
        insp.key.pinned_now = False
    if m.kind == mf.COUNTY_REPORT:
        for older in s.scalars(select(PacketRecord).where(
                PacketRecord.direction == "in", PacketRecord.sender_code == m.sender_code,
                PacketRecord.period == m.period, PacketRecord.sequence < m.sequence,
                PacketRecord.status.in_(("accepted", "accepted_with_warnings")))):
            older.status = "superseded"
    record = PacketRecord(
        direction="in", kind=m.kind, sender_code=m.sender_code, recipient_code=m.recipient,
        period=m.period, sequence=m.sequence, manifest_sha256=insp.manifest_sha256,
        previous_sha256=m.previous_sha256, audit_head=m.audit_hash, status=outcome.status,
        file_name=outcome.path.name[:255], owner=ctx.code,
        report={
            "created": m.created, "imported_at": now.isoformat(timespec="seconds"),
            "imported_on": clock.today().isoformat(),
            "gap": list(insp.gap) if insp.gap else None,
            "ack": ({"sequence": insp.ack[0], "manifest_sha256": insp.ack[1]}
                    if insp.ack else None),
            "audit_seq": m.audit_seq, "no_change": m.no_change, "counts": m.counts,
            "diff": {t: d.to_json() for t, d in outcome.merge.diff.items()},
            "warnings": [{"zh": w.zh, "en": w.en} for w in outcome.warnings][:500],
            "evidence_missing": outcome.evidence_missing,
        },
    )
    s.add(record)
    audit.log_event(s, "packet_record", record.uuid, "packet_imported", {
        "file": record.file_name, "sender": m.sender_code, "period": m.period,
        "sequence": m.sequence, "status": outcome.status,
        "manifest_sha256": insp.manifest_sha256,
        "gap": list(insp.gap) if insp.gap else None,
    })


def import_packets(ctx: DeskContext, files: Sequence[Path], *, apply: bool = False,
                   fingerprint: str = "", limits: Limits = DEFAULT_LIMITS,
                   progress: ProgressFn | None = None) -> ImportOutcome:
    """Verify and (dry-)merge ``files``; with ``apply`` commit them all or nothing."""
    tick = progress or (lambda _step, _pct: None)
    files = [Path(f) for f in files]
    if not files:
        raise UserError(Msg("没有要导入的报送包。", "No packets to import."))
    session_cm = ctx.ledger.batch(actor=IMPORT_ACTOR) if apply else ctx.store.read()
    with session_cm as s:
        outcomes = _inspect_all(s, ctx, files, fingerprint, limits, tick)
        if apply and any(o.status == "rejected" for o in outcomes):
            s.rollback()
            for o in outcomes:
                o.status = o.status or "not_applied"
            return ImportOutcome(outcomes, applied=False)
        carried = _merge_all(s, ctx, outcomes, tick)
        if not apply:
            s.rollback()
            return ImportOutcome(outcomes, applied=False)
        tick("写入", 92)
        for sha in sorted({sha for o in outcomes for sha in o.merge.evidence_needed}
                          & set(carried)):
            # Content-addressed and written before the commit: a rollback leaves at most
            # an unreferenced file, never a record without its file.
            evidence_store.store_bytes(ctx.paths, carried[sha])
        now = clock.now()  # the receiver's clock: received when imported here
        for outcome in outcomes:
            if outcome.status in ("accepted", "accepted_with_warnings", "superseded"):
                _record(s, ctx, outcome, now)
    tick("完成", 100)
    return ImportOutcome(outcomes, applied=True)
