"""The ledger's tables (SQLAlchemy 2.x typed ORM).

Every business record carries a UUID made where it is born, the code of the desk
that owns it (the only desk allowed to change it), a revision counter and the
time of its last change.  The city owns inspection rounds, the task catalogue,
close-out decisions and petition hand-overs; a county owns its progress, the four
lists, evidence, acceptance checks and close-out requests.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import CheckedDate, CheckedFloat, name_columns

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuidlib.uuid4())


# Where a new record's id comes from: random, except while the demo replays its history
# (``ids_from``), when ids are made from each record's table and values, so every demo
# desk that replays the same acts gives the same records the same ids.
IdSource = Callable[[str, dict[str, Any]], str]
_id_source: ContextVar[IdSource | None] = ContextVar("id_source", default=None)


@contextmanager
def ids_from(source: IdSource) -> Iterator[None]:
    token = _id_source.set(source)
    try:
        yield
    finally:
        _id_source.reset(token)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record(Base):
    """Columns shared by every owned, audited record."""

    __abstract__ = True

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    owner: Mapped[str] = mapped_column(String(32), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    def __init__(self, **kw: Any) -> None:
        if "uuid" not in kw:
            source = _id_source.get()
            kw["uuid"] = source(self.__tablename__, kw) if source else new_uuid()
        super().__init__(**kw)


class Desk(Record):
    """This desk: one row.  role is 'county' or 'city'."""

    __tablename__ = "desk"
    role: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Setting(Record):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[Any] = mapped_column(JSON)


class OrgUnit(Record):
    """The city, its county-level units (county, zone) and city departments."""

    __tablename__ = "org_unit"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # city | county | zone | department
    parent_code: Mapped[str | None] = mapped_column(String(32))
    # The name plans write for it (竞秀区 for 保定市竞秀区); matched by the catalogue import.
    short_name: Mapped[str] = mapped_column(String(100), default="")


class InspectionRound(Record):
    __tablename__ = "inspection_round"
    name: Mapped[str] = mapped_column(String(200))
    # central | provincial | special (白洋淀) | local (self-found)
    kind: Mapped[str] = mapped_column(String(12), default="provincial")
    team: Mapped[str] = mapped_column(String(200), default="")
    onsite_start: Mapped[date | None] = mapped_column(CheckedDate)
    onsite_end: Mapped[date | None] = mapped_column(CheckedDate)
    feedback_date: Mapped[date | None] = mapped_column(CheckedDate)
    plan_issued: Mapped[date | None] = mapped_column(CheckedDate)  # the day the plan was issued
    tasks: Mapped[list[Task]] = relationship(back_populates="round")


class Task(Record):
    """One rectification task as kept by one county-level unit (``unit_code``).

    The city's catalogue gives every unit its copy of a numbered task; the unit's
    work on it (four lists, progress, evidence, acceptance) hangs off that copy.
    """

    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("round_uuid", "number", "unit_code"),)
    round_uuid: Mapped[str] = mapped_column(ForeignKey("inspection_round.uuid"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(300))
    feedback: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[str] = mapped_column(Text, default="")
    lead_unit_code: Mapped[str] = mapped_column(String(32), default="")
    responsible_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead_official: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[date | None] = mapped_column(CheckedDate)  # None: ongoing (长期坚持)
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(24), default="not_started", index=True)
    # The plan's measures (整改措施) as the catalogue last gave them: a change reaches
    # the starting measure rows at both desks (services/catalogue.reconcile_measures).
    plan_measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Why the plan no longer applies this task to the unit ("" while it applies): the
    # copy is kept (the unit worked on it) but not counted (services/catalogue.py).
    withdrawn: Mapped[str] = mapped_column(String(200), default="")

    round: Mapped[InspectionRound] = relationship(back_populates="tasks")
    problems: Mapped[list[Problem]] = relationship(order_by="Problem.seq", viewonly=True)
    measures: Mapped[list[Measure]] = relationship(order_by="Measure.seq", viewonly=True)
    responsibilities: Mapped[list[Responsibility]] = relationship(
        order_by="Responsibility.seq", viewonly=True
    )
    effects: Mapped[list[Effect]] = relationship(order_by="Effect.seq", viewonly=True)
    progress: Mapped[list[Progress]] = relationship(order_by="Progress.period", viewonly=True)
    extensions: Mapped[list[Extension]] = relationship(
        order_by="Extension.requested_on", viewonly=True
    )


class Extension(Record):
    """An extension (延期): the original deadline stays on the task for statistics."""

    __tablename__ = "extension"
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    requested_on: Mapped[date] = mapped_column(CheckedDate)
    previous_deadline: Mapped[date | None] = mapped_column(CheckedDate)
    new_deadline: Mapped[date] = mapped_column(CheckedDate)
    reason: Mapped[str] = mapped_column(Text, default="")
    approver: Mapped[str] = mapped_column(String(100), default="")
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    # The city's decision (rights.DECIDED_BY_CITY): None while the request waits.
    decided_on: Mapped[date | None] = mapped_column(CheckedDate)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class _ListItem(Record):
    __abstract__ = True
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class Problem(_ListItem):
    __tablename__ = "problem"
    description: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(200), default="")
    severity: Mapped[str] = mapped_column(String(40), default="")


class Measure(_ListItem):
    __tablename__ = "measure"
    description: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    planned_date: Mapped[date | None] = mapped_column(CheckedDate)
    done_date: Mapped[date | None] = mapped_column(CheckedDate)
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned|doing|done


class Responsibility(_ListItem):
    __tablename__ = "responsibility"
    unit_name: Mapped[str] = mapped_column(String(200))
    person: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")


class Effect(_ListItem):
    __tablename__ = "effect"
    indicator: Mapped[str] = mapped_column(String(200))
    unit_of_measure: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(CheckedFloat)
    target: Mapped[float | None] = mapped_column(CheckedFloat)
    achieved: Mapped[float | None] = mapped_column(CheckedFloat)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)


class Progress(Record):
    """Monthly progress of one task (整改进展)."""

    __tablename__ = "progress"
    __table_args__ = (UniqueConstraint("task_uuid", "period"),)
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[float] = mapped_column(CheckedFloat, default=0)
    difficulties: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    no_change: Mapped[bool] = mapped_column(Boolean, default=False)


class PeriodDeclaration(Record):
    """A unit's statement for a whole month; ``no_change`` tells quiet from missing."""

    __tablename__ = "period_declaration"
    __table_args__ = (UniqueConstraint("unit_code", "period"),)
    unit_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    no_change: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class Evidence(Record):
    """A file kept content-addressed by SHA-256 in the desk's evidence folder."""

    __tablename__ = "evidence"
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(Text, default="")
    task_uuid: Mapped[str | None] = mapped_column(ForeignKey("task.uuid"), index=True)
    measure_uuid: Mapped[str | None] = mapped_column(ForeignKey("measure.uuid"))
    effect_uuid: Mapped[str | None] = mapped_column(ForeignKey("effect.uuid"))
    petition_uuid: Mapped[str | None] = mapped_column(ForeignKey("petition.uuid"))


class Acceptance(Record):
    """An acceptance check (验收) of a finished task."""

    __tablename__ = "acceptance"
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    checked_on: Mapped[date] = mapped_column(CheckedDate)
    inspector: Mapped[str] = mapped_column(String(200))
    opinion: Mapped[str] = mapped_column(Text, default="")
    passed: Mapped[bool] = mapped_column(Boolean)


class CloseoutRequest(Record):
    __tablename__ = "closeout_request"
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    requested_on: Mapped[date] = mapped_column(CheckedDate)
    requested_by: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class CloseoutDecision(Record):
    """The city's answer to a request: approved with a number, or returned with reasons.
    Kept for ever, so a later rebound does not erase an earlier close-out."""

    __tablename__ = "closeout_decision"
    request_uuid: Mapped[str] = mapped_column(ForeignKey("closeout_request.uuid"), index=True)
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    decided_on: Mapped[date] = mapped_column(CheckedDate)
    approved: Mapped[bool] = mapped_column(Boolean)
    closeout_number: Mapped[str] = mapped_column(String(64), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    # The city's sequence the number was allocated from (one per round and year).
    number_year: Mapped[int | None] = mapped_column(Integer)
    number_seq: Mapped[int | None] = mapped_column(Integer)


# Numbers are allocated by the city, never typed: two approvals never share one.
Index("uq_closeout_decision_number", CloseoutDecision.closeout_number, unique=True,
      sqlite_where=CloseoutDecision.closeout_number != "")


class CityAcceptance(Record):
    """The city's acceptance check of a close-out request (市级验收, 谁验收、谁负责):
    recorded at the city, sent to the county in the city's packet."""

    __tablename__ = "city_acceptance"
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    request_uuid: Mapped[str] = mapped_column(ForeignKey("closeout_request.uuid"), index=True)
    accepted_on: Mapped[date] = mapped_column(CheckedDate)
    inspectors: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(8), default="onsite")  # onsite | desk
    opinion: Mapped[str] = mapped_column(Text, default="")
    passed: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[str] = mapped_column(Text, default="")


class PublicNotice(Record):
    """The public notice (公示) of a task about to be closed out, by the city."""

    __tablename__ = "public_notice"
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    request_uuid: Mapped[str] = mapped_column(ForeignKey("closeout_request.uuid"), index=True)
    starts_on: Mapped[date] = mapped_column(CheckedDate)
    ends_on: Mapped[date] = mapped_column(CheckedDate)
    contact: Mapped[str] = mapped_column(String(200), default="")


class NoticeObjection(Record):
    """An objection received during a public notice and how it was handled."""

    __tablename__ = "notice_objection"
    notice_uuid: Mapped[str] = mapped_column(ForeignKey("public_notice.uuid"), index=True)
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    received_on: Mapped[date] = mapped_column(CheckedDate)
    text: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(Text, default="")
    handled_on: Mapped[date | None] = mapped_column(CheckedDate)


class Revisit(Record):
    """A revisit (回头看) of a closed task or petition; a rebound reopens it."""

    __tablename__ = "revisit"
    task_uuid: Mapped[str | None] = mapped_column(ForeignKey("task.uuid"), index=True)
    petition_uuid: Mapped[str | None] = mapped_column(ForeignKey("petition.uuid"), index=True)
    due_date: Mapped[date] = mapped_column(CheckedDate)
    done_date: Mapped[date | None] = mapped_column(CheckedDate)
    inspector: Mapped[str] = mapped_column(String(200), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    rebound: Mapped[bool] = mapped_column(Boolean, default=False)


class Petition(Record):
    """A public complaint case (信访件) handed over by the inspection team."""

    __tablename__ = "petition"
    round_uuid: Mapped[str | None] = mapped_column(ForeignKey("inspection_round.uuid"))
    case_no: Mapped[str] = mapped_column(String(64), unique=True)
    received_date: Mapped[date | None] = mapped_column(CheckedDate)
    handed_over_date: Mapped[date | None] = mapped_column(CheckedDate)
    location: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    # Private: never in a public notice.
    complainant_name: Mapped[str] = mapped_column(String(100), default="")
    complainant_phone: Mapped[str] = mapped_column(String(40), default="")
    complainant_id: Mapped[str] = mapped_column(String(40), default="")
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    substantiated: Mapped[str] = mapped_column(String(12), default="")  # 属实|部分属实|不属实
    result: Mapped[str] = mapped_column(Text, default="")
    rectification_status: Mapped[str] = mapped_column(String(24), default="in_progress")
    task_uuids: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Handed over (交办) by the city with a due date; handled by the county: closing
    # date (办结), reply to the complainant, follow-up call (回访) with satisfaction,
    # the earlier case it repeats (重复件), and 举一反三 (similar problems found/fixed).
    due_date: Mapped[date | None] = mapped_column(CheckedDate)
    closed_on: Mapped[date | None] = mapped_column(CheckedDate)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None] = mapped_column(CheckedDate)
    follow_up_on: Mapped[date | None] = mapped_column(CheckedDate)
    satisfaction: Mapped[str] = mapped_column(String(8), default="")
    repeat_of: Mapped[str] = mapped_column(String(64), default="")  # the earlier case_no
    similar_found: Mapped[int] = mapped_column(Integer, default=0)
    similar_fixed: Mapped[int] = mapped_column(Integer, default=0)
    similar_note: Mapped[str] = mapped_column(Text, default="")


class Indicator(Record):
    """An environmental indicator with its target (PM2.5, good-air ratio, …)."""

    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_of_measure: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(CheckedFloat)
    target: Mapped[float | None] = mapped_column(CheckedFloat)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    # Against the previous year, in percent (−3.5: 3.5 % lower than last year).
    relative_target: Mapped[float | None] = mapped_column(CheckedFloat)
    # How the city figure is made: city (measured by the city) | sum | ratio (of the
    # sums of the two indicators in ``ratio_of``: numerator, denominator).
    aggregation: Mapped[str] = mapped_column(String(8), default="city")
    ratio_of: Mapped[list[str]] = mapped_column(JSON, default=list)
    reporting_units: Mapped[list[str]] = mapped_column(JSON, default=list)


class IndicatorValue(Record):
    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_code", "unit_code", "period"),)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    unit_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[float] = mapped_column(CheckedFloat)


class Certificate(Record):
    """A numbered close-out certificate; prints and re-prints go to the audit log."""

    __tablename__ = "certificate"
    number: Mapped[str] = mapped_column(String(64), unique=True)
    task_uuid: Mapped[str] = mapped_column(ForeignKey("task.uuid"), index=True)
    issued_on: Mapped[date] = mapped_column(CheckedDate)
    digest: Mapped[str] = mapped_column(String(64))
    prints: Mapped[int] = mapped_column(Integer, default=0)


class TrustedKey(Record):
    """Another desk's enrolled packet key.  Replaced keys stay, marked with the time."""

    __tablename__ = "trusted_key"
    desk_code: Mapped[str] = mapped_column(String(32), index=True)
    desk_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(10), default="county")
    key_id: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))  # base64 Ed25519
    certificate_pem: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime)


class PacketRecord(Record):
    """Every packet this desk wrote or read: the sequence chain per sender."""

    __tablename__ = "packet_record"
    __table_args__ = (Index("ix_packet_sender_seq", "sender_code", "sequence"),)
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    kind: Mapped[str] = mapped_column(String(20))
    sender_code: Mapped[str] = mapped_column(String(32))
    recipient_code: Mapped[str] = mapped_column(String(32), default="")
    period: Mapped[str] = mapped_column(String(7), default="")
    sequence: Mapped[int] = mapped_column(Integer)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    previous_sha256: Mapped[str] = mapped_column(String(64), default="")
    audit_head: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(24), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    report: Mapped[Any] = mapped_column(JSON, default=dict)


class PeriodLock(Record):
    """A closed reporting month for a unit; the city may unlock it."""

    __tablename__ = "period_lock"
    __table_args__ = (UniqueConstraint("unit_code", "period"),)
    unit_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    locked: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class SupervisionNotice(Record):
    """A written supervision notice (督办单) from the city to a unit about a lagging task,
    a petition or a general matter.  Escalation issues a new notice one level up and
    marks this one escalated; the ladder is 提醒 → 督办 → 挂牌督办 → 约谈."""

    __tablename__ = "supervision_notice"
    __table_args__ = (UniqueConstraint("number"),)
    number: Mapped[str] = mapped_column(String(64))  # 督办〔2026〕3号, allocated
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    task_uuid: Mapped[str | None] = mapped_column(ForeignKey("task.uuid"), index=True)
    petition_uuid: Mapped[str | None] = mapped_column(ForeignKey("petition.uuid"))
    level: Mapped[str] = mapped_column(String(12))  # remind | supervise | listed | interview
    text: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[date] = mapped_column(CheckedDate)
    reply_by: Mapped[date] = mapped_column(CheckedDate)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open|closed|escalated
    closed_on: Mapped[date | None] = mapped_column(CheckedDate)
    escalated_from: Mapped[str | None] = mapped_column(String(36))


class SupervisionReply(Record):
    """A unit's answer to a supervision notice; it travels in the unit's next packet."""

    __tablename__ = "supervision_reply"
    notice_uuid: Mapped[str] = mapped_column(ForeignKey("supervision_notice.uuid"), index=True)
    replied_on: Mapped[date] = mapped_column(CheckedDate)
    text: Mapped[str] = mapped_column(Text)
    measures: Mapped[str] = mapped_column(Text, default="")


class AccountabilityAction(Record):
    """An accountability action (问责) taken against a unit or an official.  The
    person's name stays inside the desks: never in the public disclosure."""

    __tablename__ = "accountability_action"
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    person: Mapped[str] = mapped_column(String(100), default="")
    post: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(24))  # see domain.supervision.ACTIONS
    basis: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(CheckedDate)
    document_number: Mapped[str] = mapped_column(String(64), default="")
    task_uuid: Mapped[str | None] = mapped_column(ForeignKey("task.uuid"))


class RankingEntry(Record):
    """One unit's place in the city's monthly ranking, as the city computed it; sent to
    the unit so a county sees where it stands."""

    __tablename__ = "ranking_entry"
    __table_args__ = (UniqueConstraint("period", "unit_code"),)
    period: Mapped[str] = mapped_column(String(7))
    unit_code: Mapped[str] = mapped_column(String(32))
    rank: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(CheckedFloat)
    figures: Mapped[Any] = mapped_column(JSON, default=dict)


class LightSnapshot(Base):
    """A task copy's light at the end of a month (kept for ever, derived from the
    ledger, so not audited and never sent: each desk takes it from what it holds)."""

    __tablename__ = "light_snapshot"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    task_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    light: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(24))
    days_overdue: Mapped[int] = mapped_column(Integer, default=0)
    percent: Mapped[float | None] = mapped_column(CheckedFloat)


class AuditEntry(Base):
    """One change, hash-chained to the one before (written in the same transaction)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(100))
    desk_code: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # insert | update | delete | event
    table_name: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last link, kept apart so that cutting rows off the end shows."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


RECORD_CLASSES: tuple[type[Record], ...] = tuple(
    c for c in Record.__subclasses__() if not c.__dict__.get("__abstract__")
) + tuple(_ListItem.__subclasses__())

name_columns(Base.metadata)  # each checked column knows its table for the message
