"""Close-out certificates (销号证明): what one says, when it may be issued, its number,
its digest, and the audit trail of every issue, print and re-print.

The digest is the SHA-256 of the certificate's canonical content (sorted-key JSON of
exactly what is printed, minus the number and issue date, which sit beside it in the
Certificate row). The QR code on paper carries number and digest, so a printed copy
can be checked against the ledger (:func:`verify`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import log_event
from db.models import Certificate, CloseoutRequest, Effect, Evidence, Measure, Task
from desktop.domain.plan import round_title
from desktop.domain.status import LABELS, Status
from desktop.i18n import Msg, UserError
from desktop.services import closeout, procedure, task_lookup
from desktop.services.ledger import unit_names

NUMBER_PREFIX = "销证"
MIN_DIGEST_PREFIX = 12  # what a clerk types from the printed 核验码


@dataclass(frozen=True)
class EvidenceItem:
    name: str
    sha256: str
    caption: str


@dataclass(frozen=True)
class EffectItem:
    indicator: str
    unit_of_measure: str
    baseline: float | None
    target: float | None
    achieved: float | None
    evidence: tuple[EvidenceItem, ...]


@dataclass(frozen=True)
class MeasureItem:
    description: str
    responsible: str
    done_on: date | None


@dataclass(frozen=True)
class CertificateContent:
    """Everything a certificate and its approval form print about the task."""

    task_uuid: str
    number: int
    unit_code: str
    unit_name: str
    title: str
    feedback: str
    target: str
    lead_unit: str
    measures: tuple[MeasureItem, ...]
    effects: tuple[EffectItem, ...]
    other_evidence: tuple[EvidenceItem, ...]
    accepted_on: date | None
    inspector: str
    opinion: str
    requested_on: date | None
    requested_by: str
    closeout_number: str
    decided_on: date | None
    decided_by: str
    # Why it may not be issued yet; shown on a draft, never part of the digest.
    unmet: tuple[Msg, ...] = field(default=(), compare=False)
    # The inspection round (督察轮次) the task belongs to, printed with its number.  A
    # task never changes round and task_uuid is in the digest, so the round is left
    # out of it: certificates issued before rounds were printed keep their digest.
    round_title: str = field(default="", compare=False)

    def canonical(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("unmet")
        data.pop("round_title")
        return data

    @property
    def digest(self) -> str:
        body = json.dumps(self.canonical(), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"), default=str)
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    number: str
    issued_on: date
    digest: str
    prints: int
    reprint: bool
    superseded: str = ""  # an earlier certificate of the task whose content changed


# ---------------------------------------------------------------- finding the task


def find_task(session: Session, task_no: int | str, unit: str | None = None,
              round_ref: str | None = None) -> Task:
    """The task numbered ``task_no``; on a city desk every county has one, so ``unit``;
    with several rounds, ``round_ref`` (services/task_lookup)."""
    return task_lookup.find_task(session, task_no, unit=unit, round_ref=round_ref)


# ---------------------------------------------------------------- content


def content(session: Session, task: Task) -> CertificateContent:
    names = unit_names(session)
    evidence = session.scalars(
        select(Evidence).where(Evidence.task_uuid == task.uuid).order_by(Evidence.name)
    ).all()
    by_effect: dict[str | None, list[EvidenceItem]] = {}
    for ev in evidence:
        by_effect.setdefault(ev.effect_uuid, []).append(
            EvidenceItem(ev.name, ev.sha256, ev.caption))
    effects = session.scalars(
        select(Effect).where(Effect.task_uuid == task.uuid).order_by(Effect.seq)).all()
    effect_ids = {e.uuid for e in effects}
    measures = session.scalars(
        select(Measure).where(Measure.task_uuid == task.uuid).order_by(Measure.seq)).all()
    acc = closeout.latest_acceptance(session, task.uuid)
    decision = closeout.closeout_record(session, task.uuid)
    request = session.get(CloseoutRequest, decision.request_uuid) if decision else None
    # The acceptance the close-out rests on is the city's (谁验收、谁负责); a ledger
    # from before the city accepted keeps showing the county's own check.
    city_acc = procedure.city_acceptance(session, request.uuid) if request else None
    accepted = ((city_acc.accepted_on, city_acc.inspectors, city_acc.opinion)
                if city_acc is not None and city_acc.passed
                else (acc.checked_on, acc.inspector, acc.opinion) if acc else (None, "", ""))
    unmet = [u.msg for u in closeout.unmet_conditions(session, task.uuid)]
    if decision is None:
        unmet.append(Msg("尚无批准的销号决定。", "There is no approved close-out decision."))
    elif task.status != Status.CLOSED_OUT:  # e.g. reopened after a rebound (反弹)
        unmet.append(Msg(f"任务当前状态为“{LABELS[Status(task.status)].zh}”，不是“已销号”。",
                         f"The task is “{LABELS[Status(task.status)].en}”, not closed out."))
    return CertificateContent(
        task_uuid=task.uuid, number=task.number, unit_code=task.unit_code,
        unit_name=names.get(task.unit_code, task.unit_code), title=task.title,
        feedback=task.feedback, target=task.target,
        lead_unit=names.get(task.lead_unit_code, task.lead_unit_code),
        measures=tuple(MeasureItem(m.description, m.responsible, m.done_date) for m in measures),
        effects=tuple(
            EffectItem(e.indicator, e.unit_of_measure, e.baseline, e.target, e.achieved,
                       tuple(by_effect.get(e.uuid, ()))) for e in effects),
        other_evidence=tuple(item for key, items in by_effect.items()
                             if key not in effect_ids for item in items),
        accepted_on=accepted[0], inspector=accepted[1], opinion=accepted[2],
        requested_on=request.requested_on if request else None,
        requested_by=request.requested_by if request else "",
        closeout_number=decision.closeout_number if decision else "",
        decided_on=decision.decided_on if decision else None,
        decided_by=decision.decided_by if decision else "",
        unmet=tuple(unmet),
        round_title=round_title(task.round.name, task.round.kind) if task.round else "",
    )


def refusal(c: CertificateContent) -> UserError | None:
    """Why this certificate cannot be issued (every reason), or None."""
    if not c.unmet:
        return None
    return UserError(Msg(
        "不能出具销号证明：" + "；".join(m.zh.rstrip("。") for m in c.unmet) + "。",
        "Cannot issue the close-out certificate: "
        + "; ".join(m.en.rstrip(".") for m in c.unmet) + ".",
    ))


# ---------------------------------------------------------------- numbers and audit


def _number_prefix(unit_code: str, year: int, issuer: str) -> str:
    # Certificates stay on the desk that issued them (packets do not carry them), so
    # each desk keeps its own series: one the city issues for a county's task names
    # the city too, and can never repeat a number the county gave out itself.
    series = unit_code if issuer in ("", unit_code) else f"{issuer}-{unit_code}"
    return f"{NUMBER_PREFIX}〔{year}〕{series}-"


def next_number(session: Session, unit_code: str, year: int, issuer: str = "") -> str:
    """The next free number in the series for the year, e.g. 销证〔2026〕130602-07号
    on the county's own desk, 销证〔2026〕130600-130602-01号 when the city issues it.
    Counted from the certificates in the ledger (the number column is unique)."""
    prefix = _number_prefix(unit_code, year, issuer)
    pattern = re.compile(re.escape(prefix) + r"(\d+)号$")
    used = [
        int(m.group(1))
        for n in session.scalars(select(Certificate.number).where(
            Certificate.number.startswith(prefix, autoescape=True)))
        if (m := pattern.match(n))
    ]
    return f"{prefix}{max(used, default=0) + 1:02d}号"


def latest_certificate(session: Session, task_uuid: str) -> Certificate | None:
    return session.scalars(
        select(Certificate).where(Certificate.task_uuid == task_uuid)
        .order_by(Certificate.issued_on.desc(), Certificate.number.desc())
    ).first()


def issue(session: Session, c: CertificateContent, *, today: date, desk_code: str,
          reason: str = "") -> Issued:
    """Issue the certificate, or re-print it when one with the same content exists.

    Content that changed since the last issue (a rebound and a second close-out, an
    added evidence file) gets a new number: a number always stands for one digest.
    """
    refused = refusal(c)
    if refused is not None:
        raise refused
    digest = c.digest
    last = latest_certificate(session, c.task_uuid)
    if last is not None and last.digest == digest:
        last.prints += 1
        log_event(session, "certificate", last.uuid, "reprint",
                  {"number": last.number, "reason": reason or "重新打印", "prints": last.prints})
        return Issued(last.number, last.issued_on, digest, last.prints, reprint=True)
    number = next_number(session, c.unit_code, today.year, desk_code)
    cert = Certificate(number=number, task_uuid=c.task_uuid, issued_on=today, digest=digest,
                       prints=1, owner=desk_code)
    session.add(cert)
    superseded = last.number if last is not None else ""
    log_event(session, "certificate", cert.uuid, "issue",
              {"number": number, "reason": reason or "出具", "digest": digest,
               "supersedes": superseded or None})
    return Issued(number, today, digest, 1, reprint=False, superseded=superseded)


def record_print(session: Session, number: str, reason: str = "") -> int:
    """A print of an issued certificate from the preview window; returns the count."""
    cert = session.scalars(select(Certificate).where(Certificate.number == number)).first()
    if cert is None:
        raise UserError(Msg(f"没有编号为“{number}”的销号证明。",
                            f"There is no certificate “{number}”."))
    cert.prints += 1
    log_event(session, "certificate", cert.uuid, "print",
              {"number": number, "reason": reason or "打印", "prints": cert.prints})
    return cert.prints


def verify(session: Session, number: str, digest: str) -> Msg:
    """Check a printed copy: the number exists and the printed digest (or its first
    12+ characters, the 核验码) matches. Raises UserError when it does not."""
    digest = digest.strip().lower()
    cert = session.scalars(select(Certificate).where(Certificate.number == number.strip())
                           ).first()
    if cert is None:
        raise UserError(Msg(f"台账中没有编号为“{number}”的销号证明，证明不可信。",
                            f"No certificate “{number}” in the ledger: not genuine."))
    if len(digest) < MIN_DIGEST_PREFIX or not cert.digest.startswith(digest):
        raise UserError(Msg(f"销号证明“{number}”的核验码不符，内容可能被改动。",
                            f"Certificate “{number}”: the digest does not match."))
    return Msg(f"销号证明“{number}”核验一致（{cert.issued_on.isoformat()} 出具）。",
               f"Certificate “{number}” matches (issued {cert.issued_on.isoformat()}).")
