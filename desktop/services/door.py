"""The one door to the ledger (DESIGN §3, "One door").

Every change to a ledger, whoever makes it (the window, the command line, the Excel
import, a packet from another desk, the demo builder), passes through a ``Ledger``: one
method per thing a clerk can do.  The method knows the desk (code, role, today,
settings), opens the transaction, checks the role, the record's owner and the rights
table (``desktop.domain.rights``), applies the domain rules (through the services),
names the actor the same way for every caller, lets the audit hook write the log in the
same transaction, and returns what changed so a window refreshes only that.

Several acts that must succeed or fail together (a workbook import, a packet merge,
building the demo) run inside one ``batch``; the methods called inside it join that
transaction.  Nothing else in the program opens a write transaction
(tests/test_architecture.py checks it).
"""

from __future__ import annotations

import getpass
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    AccountabilityAction,
    CityAcceptance,
    Extension,
    InspectionRound,
    NoticeObjection,
    OrgUnit,
    PacketRecord,
    Petition,
    PublicNotice,
    Record,
    Revisit,
    SupervisionNotice,
    SupervisionReply,
    Task,
)
from desktop import clock
from desktop.domain import rights
from desktop.domain import text as text_rule
from desktop.domain.settings import DeskSettings
from desktop.domain.validation import check_date_range
from desktop.i18n import Msg, UserError
from desktop.services import (
    accountability,
    catalogue,
    certificates,
    closeout,
    completeness,
    evidence,
    extensions,
    indicators,
    light_history,
    petition_cases,
    petitions,
    procedure,
    records,
    reporting,
    rounds,
    supervision,
    taskdetail,
)
from desktop.services import ranking as ranking_service
from desktop.services.records import get

if TYPE_CHECKING:
    from desktop.services.desk import DeskContext

T = TypeVar("T")


@dataclass(frozen=True)
class Change(Generic[T]):
    """What an act did: its result and the records it touched."""

    value: T
    tasks: frozenset[str] = frozenset()  # uuids of tasks whose records changed
    tables: frozenset[str] = frozenset()

    @property
    def task(self) -> str:
        """The one task changed, or "" when none or several (refresh everything)."""
        return next(iter(self.tasks)) if len(self.tasks) == 1 else ""


@dataclass
class _Touched:
    tasks: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)

    def note(self, session: Session) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if not isinstance(obj, Record):
                continue
            if obj not in session.deleted:
                check_stored_values(obj)
            self.tables.add(obj.__tablename__)
            task = obj.uuid if isinstance(obj, Task) else getattr(obj, "task_uuid", None)
            if task:
                self.tasks.add(task)


def too_long(name: str, limit: int) -> Msg:
    label = records.field_label(name)
    return Msg(f"“{label}”不能超过 {limit} 个字。", f"“{label}” is longer than {limit} characters.")


def check_stored_values(obj: Record) -> None:
    """What the other desk's packet check asks of every record, asked here of every
    value a change writes, whichever use case wrote it: its column's length, the one
    text rule (no control or direction characters, no lone surrogates), finite numbers
    within 64 bits, and plausible dates (1990-2099).  Values an edit left as they were
    are not asked again."""
    for column in obj.__table__.columns:  # lengths first: the whole record, as a packet
        limit = getattr(column.type, "length", None)
        value = getattr(obj, column.key, None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise records.FieldError(column.key, too_long(column.key, limit))
    state = inspect(obj)
    fresh = state.pending or state.transient
    for column in obj.__table__.columns:
        if not fresh and not state.attrs[column.key].history.has_changes():
            continue
        value = getattr(obj, column.key, None)
        if value is None or isinstance(value, bool | datetime):
            continue
        if isinstance(value, date):
            problem = check_date_range(value)
        else:
            problem = text_rule.check_field(column.key, value, records.field_label(column.key))
        if problem is not None:
            raise records.FieldError(column.key, problem)


def clerk_name() -> str:
    """The person at the keyboard, as the operating system knows them."""
    try:
        return getpass.getuser() or "clerk"
    except (OSError, KeyError, ImportError):  # no login name (a service account)
        return "clerk"


class Ledger:
    """One open desk's ledger: the only way to change it."""

    def __init__(self, ctx: DeskContext, *, clerk: str | None = None) -> None:
        self.ctx = ctx
        self.clerk = clerk or clerk_name()
        # The batch under way, per thread: the window's background work (an export, a
        # ranking) and a clerk's edit on the GUI thread must never share a transaction.
        self._local = threading.local()

    # --- the desk --------------------------------------------------------------------

    @property
    def code(self) -> str:
        return self.ctx.code

    @property
    def role(self) -> str:
        return self.ctx.role or "county"

    @property
    def is_city(self) -> bool:
        return self.role == rights.CITY

    @property
    def settings(self) -> DeskSettings:
        return self.ctx.settings

    @property
    def today(self) -> date:
        return clock.today()

    @property
    def actor(self) -> str:
        """How the audit log names whoever acts here, from every way in."""
        return f"{self.clerk}@{self.code}" if self.code else self.clerk

    def acting_as(self, role: str, code: str, name: str = "") -> Ledger:
        """This ledger, in the same transaction, acting with another desk's rights: the
        demo replays every county whose packets the city would have merged, and each
        act is asked the questions that county's own door would ask."""
        view = Ledger(replace(self.ctx, role=role, code=code, name=name or code, _ledger=None),
                      clerk=self.clerk)
        view._local = self._local  # one transaction for the whole replay
        return view

    # --- transactions ----------------------------------------------------------------

    @property
    def _session(self) -> Session | None:
        return getattr(self._local, "session", None)

    @property
    def _touched(self) -> _Touched | None:
        return getattr(self._local, "touched", None)

    @contextmanager
    def batch(self, actor: str | None = None) -> Iterator[Session]:
        """One transaction for several acts: all of them, or none.  ``actor`` names a
        way in that is not a person's act (a packet from another desk: "import")."""
        if self._session is not None:
            yield self._session
            return
        touched = _Touched()
        with self.ctx.store.write(actor=actor or self.actor) as s:
            listener = lambda session, _ctx, _objs: touched.note(session)  # noqa: E731
            event.listen(s, "before_flush", listener)
            self._local.session, self._local.touched = s, touched
            try:
                yield s
                s.flush()
            finally:
                event.remove(s, "before_flush", listener)
                self._local.session = self._local.touched = None

    def _do(self, act: Callable[[Session], T]) -> Change[T]:
        if self._session is not None:  # inside a batch: part of its transaction
            return Change(act(self._session))
        with self.batch() as s:
            touched = self._touched
            assert touched is not None
            value = act(s)
        return Change(value, frozenset(touched.tasks), frozenset(touched.tables))

    # --- the rules asked of every change ---------------------------------------------

    def require_city(self, what: Msg) -> None:
        if not self.is_city:
            raise UserError(Msg(f"只有市级台账可以{what.zh}。",
                                f"Only the city desk can {what.en}."))

    def _may_create(self, table: str, s: Session | None = None,
                    task_uuid: str | None = None) -> None:
        """May this desk create a ``table`` record (on ``task_uuid``: a county's work
        is done at the county; the city does it only on its own departments' tasks)?"""
        task = s.get(Task, task_uuid) if s is not None and task_uuid else None
        bad = rights.may_create(self.role, table, desk=self.code,
                                unit=task.unit_code if task is not None else None)
        if bad:
            raise UserError(bad)

    def _may_set(self, table: str, names: Iterable[str]) -> None:
        for name in names:
            bad = rights.may_set(self.role, table, name)
            if bad:
                raise records.FieldError(name, bad)

    @staticmethod
    def _task_of(s: Session, obj: Record | None = None, task_uuid: str | None = None
                 ) -> Task | None:
        uuid = task_uuid or (getattr(obj, "task_uuid", None) if obj is not None else None)
        return s.get(Task, uuid) if uuid else None

    def _not_frozen(self, s: Session, table: str, obj: Record | None = None,
                    task_uuid: str | None = None) -> None:
        task = self._task_of(s, obj, task_uuid)
        bad = rights.frozen(table, task.status if task is not None else None)
        if bad:
            raise UserError(bad)

    # --- the task window: the four lists, progress, extensions, revisits -------------

    def set_fields(self, kind: str, uuid: str, changes: dict[str, Any]) -> Change[Record]:
        """Change fields of one record the desk owns (any kind the task window shows,
        or a petition)."""
        model = Petition if kind == "petition" else taskdetail.model(kind)

        def act(s: Session) -> Record:
            obj = get(s, model, uuid)
            self._may_set(model.__tablename__, set(changes))
            self._not_frozen(s, model.__tablename__, obj)
            if isinstance(obj, Extension) and obj.owner == self.code:  # else: not ours
                extensions.check_undecided(obj)
            if model is Petition:
                return petitions.update(s, self.code, uuid, changes)
            changed = records.set_fields(s, model, uuid, self.code, changes)
            if isinstance(changed, Extension):
                extensions.check_changed(changed)
            return changed

        return self._do(act)

    def add(self, kind: str, task_uuid: str, values: dict[str, Any]) -> Change[Record]:
        """A new record of the task: a list item, a month's progress, an extension
        request, a revisit."""
        model = taskdetail.model(kind)

        def act(s: Session) -> Record:
            self._may_create(model.__tablename__, s, task_uuid)
            self._may_set(model.__tablename__, set(values))
            self._not_frozen(s, model.__tablename__, task_uuid=task_uuid)
            return taskdetail.add_child(s, kind, task_uuid, self.code, self.role, values,
                                        self.today)

        return self._do(act)

    def delete(self, kind: str, uuid: str) -> Change[dict[str, Any]]:
        """Delete a record the desk owns; the values come back so undo can restore it."""
        model = Petition if kind == "petition" else taskdetail.model(kind)

        def act(s: Session) -> dict[str, Any]:
            obj = get(s, model, uuid)
            self._not_frozen(s, model.__tablename__, obj)
            if model.__tablename__ == "acceptance":
                return taskdetail.withdraw_acceptance(s, uuid, self.code, self.role)
            return records.delete_record(s, model, uuid, self.code)

        return self._do(act)

    def restore(self, kind: str, values: dict[str, Any]) -> Change[Record]:
        """Put back a record deleted by ``delete`` (undo): asked the same questions as
        creating it."""
        model = Petition if kind == "petition" else taskdetail.model(kind)

        def act(s: Session) -> Record:
            if values.get("owner") != self.code:
                raise UserError(records.not_owner_msg(str(values.get("owner")), self.code))
            self._not_frozen(s, model.__tablename__, task_uuid=values.get("task_uuid"))
            return records.restore_record(s, model, values)

        return self._do(act)

    def save_progress(self, task_uuid: str, period: str, values: dict[str, Any]
                      ) -> Change[Record]:
        """Create or update the task's entry for ``period``."""
        def act(s: Session) -> Record:
            self._may_create("progress", s, task_uuid)
            return records.save_progress(s, task_uuid, self.code, self.role, period, values)

        return self._do(act)

    def declare(self, unit_code: str, period: str, *, no_change: bool, note: str = ""
                ) -> Change[tuple[bool, str]]:
        """The month's "no change" declaration; the value is the previous one (undo)."""
        return self._do(lambda s: reporting.declare(s, self.code, unit_code, period,
                                                    no_change=no_change, note=note))

    def add_evidence(self, source: Path, *, task_uuid: str | None = None,
                     effect_uuid: str | None = None, petition_uuid: str | None = None,
                     measure_uuid: str | None = None) -> Change[Record]:
        def act(s: Session) -> Record:
            self._may_create("evidence", s, task_uuid)
            self._not_frozen(s, "evidence", task_uuid=task_uuid)
            self._same_unit(s, task_uuid, effect_uuid, measure_uuid, petition_uuid)
            return evidence.add_file(s, self.ctx.paths, self.code, source, task_uuid=task_uuid,
                                     effect_uuid=effect_uuid, measure_uuid=measure_uuid,
                                     petition_uuid=petition_uuid)

        return self._do(act)

    def add_picture(self, name: str, data: bytes, *, task_uuid: str,
                    effect_uuid: str | None = None, caption: str = "") -> Change[Record]:
        """A picture the program made (the demo's stand-in site photos), asked what
        ``add_evidence`` asks; written without a sync per file (the caller syncs once)."""
        def act(s: Session) -> Record:
            self._may_create("evidence", s, task_uuid)
            self._not_frozen(s, "evidence", task_uuid=task_uuid)
            self._same_unit(s, task_uuid, effect_uuid, None, None)
            return evidence.add_bytes(s, self.ctx.paths, self.code, name, data,
                                      task_uuid=task_uuid, effect_uuid=effect_uuid,
                                      caption=caption, durable=False)

        return self._do(act)

    @staticmethod
    def _same_unit(s: Session, task_uuid: str | None, effect_uuid: str | None,
                   measure_uuid: str | None, petition_uuid: str | None) -> None:
        """Evidence hangs off records of one task (and so of one unit)."""
        for model, uuid in (("effect", effect_uuid), ("measure", measure_uuid)):
            if uuid:
                child = get(s, taskdetail.model(model), uuid)
                if task_uuid and getattr(child, "task_uuid", None) != task_uuid:
                    raise UserError(Msg("佐证材料只能挂在同一任务的清单上。",
                                        "Evidence can only be linked within one task."))
        if petition_uuid and task_uuid:
            raise UserError(Msg("佐证材料挂在任务或信访件上，不能同时挂两处。",
                                "Evidence belongs to a task or a petition, not both."))

    # --- acceptance and close-out ----------------------------------------------------

    def record_acceptance(self, task_uuid: str, *, checked_on: date, inspector: str,
                          opinion: str, passed: bool) -> Change[Record]:
        def act(s: Session) -> Record:
            self._not_frozen(s, "acceptance", task_uuid=task_uuid)
            return closeout.record_acceptance(s, task_uuid, self.code, self.role,
                                              checked_on=checked_on, inspector=inspector,
                                              opinion=opinion, passed=passed)

        return self._do(act)

    def request_closeout(self, task_uuid: str, *, requested_by: str = "", note: str = ""
                         ) -> Change[Record]:
        return self._do(lambda s: closeout.request_closeout(
            s, task_uuid, self.code, self.role, requested_on=self.today,
            requested_by=requested_by, note=note))

    def decide_closeout(self, request_uuid: str, *, approved: bool, reasons: str = "",
                        decided_by: str = "") -> Change[Record]:
        """The city's decision on a close-out request: an approval runs the checklist
        again (the city's acceptance and the notice included) and allocates the
        close-out number (``value.closeout_number``); nobody types one."""
        self.require_city(Msg("审核销号申请", "decide close-out requests"))
        self._may_create("closeout_decision")
        return self._do(lambda s: closeout.decide_closeout(
            s, request_uuid, self.code, approved=approved, decided_on=self.today,
            reasons=reasons, decided_by=decided_by or self.ctx.name or self.clerk,
            revisit_months=self.settings.revisit_months))

    # --- the close-out procedure (自查 → 申请 → 市级验收 → 公示 → 销号) ---------------

    def self_check(self, task_uuid: str, *, opinion: str, on: date | None = None
                   ) -> Change[Acceptance]:
        """The responsible unit's self-check (自查) with its opinion."""
        def act(s: Session) -> Acceptance:
            self._may_create("acceptance")
            self._not_frozen(s, "acceptance", task_uuid=task_uuid)
            return procedure.self_check(s, task_uuid, self.code, self.role,
                                        on=on or self.today, opinion=opinion,
                                        by=self.ctx.name or self.clerk)

        return self._do(act)

    def record_city_acceptance(self, task_uuid: str, *, accepted_on: date, inspectors: str,
                               opinion: str, passed: bool, method: str = "onsite",
                               reasons: str = "") -> Change[CityAcceptance]:
        """The city's acceptance (市级验收); a failed one returns the request."""
        self.require_city(Msg("记录市级验收", "record the city's acceptance"))
        self._may_create("city_acceptance")
        return self._do(lambda s: procedure.record_city_acceptance(
            s, task_uuid, self.code, today=self.today, accepted_on=accepted_on,
            inspectors=inspectors, method=method, opinion=opinion, passed=passed,
            reasons=reasons, decided_by=self.ctx.name or self.clerk))

    def start_notice(self, task_uuid: str, *, starts_on: date | None = None, contact: str = ""
                     ) -> Change[PublicNotice]:
        """The public notice (公示) for the desk's notice period (setting notice_days)."""
        self.require_city(Msg("发布销号公示", "publish a close-out notice"))
        self._may_create("public_notice")
        return self._do(lambda s: procedure.start_notice(
            s, task_uuid, self.code, starts_on=starts_on or self.today,
            days=self.settings.notice_days, contact=contact))

    def record_objection(self, task_uuid: str, *, text: str) -> Change[NoticeObjection]:
        self.require_city(Msg("记录公示异议", "record notice objections"))
        self._may_create("notice_objection")
        return self._do(lambda s: procedure.record_objection(
            s, task_uuid, self.code, today=self.today, text=text))

    def resolve_objection(self, objection_uuid: str, *, handling: str
                          ) -> Change[NoticeObjection]:
        self.require_city(Msg("处理公示异议", "resolve notice objections"))
        return self._do(lambda s: procedure.resolve_objection(
            s, objection_uuid, self.code, today=self.today, handling=handling))

    def record_revisit(self, revisit_uuid: str, *, done_date: date, inspector: str,
                       findings: str, rebound: bool) -> Change[Revisit]:
        return self._do(lambda s: closeout.record_revisit(
            s, revisit_uuid, self.code, self.role, done_date=done_date, inspector=inspector,
            findings=findings, rebound=rebound))

    # --- certificates ----------------------------------------------------------------

    def issue_certificate(self, content: certificates.CertificateContent, *, reason: str = ""
                          ) -> Change[certificates.Issued]:
        """Issue (or re-print) a close-out certificate; refused until the checklist
        passes and the city approved."""
        return self._do(lambda s: certificates.issue(s, content, today=self.today,
                                                     desk_code=self.code, reason=reason))

    def record_print(self, number: str, reason: str = "") -> Change[int]:
        return self._do(lambda s: certificates.record_print(s, number, reason))

    # --- petitions -------------------------------------------------------------------

    def register_petition(self, values: dict[str, Any], task_uuids: list[str] | None = None,
                          unit_code: str | None = None) -> Change[Petition]:
        """A petition registered here; the city may hand it to a county (``unit_code``)."""
        unit = unit_code or self.code
        if unit != self.code:
            self.require_city(Msg("把信访件交办给其他单位", "hand a petition to another unit"))

        def act(s: Session) -> Petition:
            for t in task_uuids or ():
                task = get(s, Task, t)
                if task.unit_code != unit:
                    raise UserError(Msg("信访件只能关联本单位的任务。",
                                        "A petition can only be linked to its unit's tasks."))
            p = petitions.register(s, self.code, unit, values, task_uuids or [])
            for day in (p.received_date, p.handed_over_date):
                if day is not None and day > self.today:
                    raise records.FieldError("received_date", Msg(
                        f"受理日期（{day.isoformat()}）不能晚于今天。",
                        f"The petition cannot be received after today ({day.isoformat()})."))
            return p

        return self._do(act)

    def handover_petition(self, petition_uuid: str, *, to: str, due: date
                          ) -> Change[Petition]:
        """The city hands a case it registered over to a county (交办) with a due date;
        it travels in the city's packet."""
        self.require_city(Msg("交办信访件", "hand petitions over"))
        return self._do(lambda s: petition_cases.handover(
            s, self.code, petition_uuid, to=to, due=due, today=self.today))

    def handle_petition(self, petition_uuid: str, changes: dict[str, Any]
                        ) -> Change[Petition]:
        """The handling unit's record of a case: substantiated, result, closing date,
        reply, follow-up, linked tasks, repeated case, 举一反三."""
        return self._do(lambda s: petition_cases.handle(s, self.code, petition_uuid, changes,
                                                        self.today))

    def close_petition(self, petition_uuid: str, *, result: str, substantiated: str,
                       closed_on: date | None = None) -> Change[Petition]:
        return self.handle_petition(petition_uuid, {
            "result": result, "substantiated": substantiated,
            "closed_on": closed_on or self.today})

    def reply_petition(self, petition_uuid: str, *, reply: str, on: date | None = None
                       ) -> Change[Petition]:
        return self.handle_petition(petition_uuid, {"reply": reply,
                                                    "replied_on": on or self.today})

    def follow_up_petition(self, petition_uuid: str, *, satisfaction: str,
                           on: date | None = None) -> Change[Petition]:
        return self.handle_petition(petition_uuid, {"satisfaction": satisfaction,
                                                    "follow_up_on": on or self.today})

    def add_petition_revisit(self, petition_uuid: str, due: Any) -> Change[Revisit]:
        return self._do(lambda s: petitions.add_revisit(s, self.code, petition_uuid, due))

    # --- packets ------------------------------------------------------------------------

    def record_packet_receipt(self, unit_code: str, sequence: int, day: date
                              ) -> Change[PacketRecord]:
        """The day a county's packet was handed over on paper or USB, earlier than its
        import (completeness counts from it); audited."""
        self.require_city(Msg("记录报送包的接收日期", "record when a packet was received"))
        return self._do(lambda s: completeness.record_receipt(s, self.role, unit_code,
                                                              sequence, day, self.today))

    # --- settings ----------------------------------------------------------------------

    def save_setting(self, key: str, value: Any) -> Change[None]:

        from desktop.services.desk import store_setting

        done = self._do(lambda s: store_setting(s, key, value))
        change: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value}
        self.ctx.settings = replace(self.ctx.settings, **change)
        return done

    # --- supervision (the city's supervision desk) --------------------------------------

    def issue_supervision(self, *, unit_code: str, level: str, text: str,
                          reply_by: date | str, task_number: int | None = None,
                          petition_case: str | None = None, round_ref: str | None = None
                          ) -> Change[SupervisionNotice]:
        """A numbered supervision notice to a unit (督办〔2026〕3号); its task by
        number and, with several inspection rounds, ``round_ref``."""
        self.require_city(Msg("发出督办单", "issue supervision notices"))
        return self._do(lambda s: supervision.issue(
            s, self.code, self.today, unit_code=unit_code, level=level, text=text,
            reply_by=reply_by, task_number=task_number, petition_case=petition_case,
            round_ref=round_ref))

    def reply_supervision(self, notice_uuid: str, *, text: str, measures: str = ""
                          ) -> Change[SupervisionReply]:
        """The unit's reply; it travels to the city in the next packet."""
        return self._do(lambda s: supervision.reply(s, self.code, self.today, notice_uuid,
                                                    text=text, measures=measures))

    def close_supervision(self, notice_uuid: str) -> Change[SupervisionNotice]:
        self.require_city(Msg("办结督办单", "close supervision notices"))
        return self._do(lambda s: supervision.close(s, self.code, self.today, notice_uuid))

    def escalate_supervision(self, notice_uuid: str, *, reply_by: date | str, text: str = ""
                             ) -> Change[SupervisionNotice]:
        """Close the notice as escalated and issue the next level's."""
        self.require_city(Msg("升级督办", "escalate supervision"))
        return self._do(lambda s: supervision.escalate(s, self.code, self.today, notice_uuid,
                                                       reply_by=reply_by, text=text))

    def take_light_snapshot(self, period: str) -> Change[int]:
        """Keep every task copy's light at the end of ``period`` (derived data: the
        records it is computed from are audited, the snapshot itself is not)."""
        self._ended(period)
        return self._do(lambda s: light_history.take(s, period, self.settings))

    def _ended(self, period: str) -> None:
        from desktop.domain.periods import ended_problem

        problem = ended_problem(period, self.today)
        if problem is not None:
            raise UserError(problem)

    def ranking(self, period: str) -> Change[ranking_service.Ranking]:
        """The month's ranking; the city keeps it (snapshots it needs are taken, the
        places stored) so each unit's packet back tells it where it stands."""
        self._ended(period)

        def act(s: Session) -> ranking_service.Ranking:
            result = ranking_service.ranking(s, period, self.settings, self.today)
            if self.is_city:
                ranking_service.store(s, self.code, result)
            return result

        return self._do(act)

    def add_accountability(self, *, unit_code: str, action: str, basis: str,
                           decided_on: date | str, person: str = "", post: str = "",
                           document_number: str = "", task_number: int | None = None,
                           round_ref: str | None = None) -> Change[AccountabilityAction]:
        self.require_city(Msg("记录问责", "record accountability actions"))
        return self._do(lambda s: accountability.add(
            s, self.code, self.today, unit_code=unit_code, action=action, basis=basis,
            decided_on=decided_on, person=person, post=post, document_number=document_number,
            task_number=task_number, round_ref=round_ref))

    # --- for the ways in above the services (documents, packets, the demo) ------------

    def run(self, act: Callable[[Session], T]) -> Change[T]:
        """A use case of a layer above this one (issuing a certificate, recording a
        packet), in this door's transaction, audited under this desk's actor.  The use
        case itself is responsible for its rules; every record change it makes is still
        audited and reported as changed."""
        return self._do(act)

    # --- the plan: rounds, units, the task catalogue (the city) -------------------------

    def add_round(self, *, name: str, kind: str, feedback_date: date | None,
                  onsite: tuple[date, date] | None = None, team: str = "",
                  plan_issued: date | None = None) -> Change[InspectionRound]:
        self.require_city(Msg("登记督察轮次", "add inspection rounds"))
        self._may_create("inspection_round")
        return self._do(lambda s: rounds.add_round(
            s, self.code, name=name, kind=kind, feedback_date=feedback_date, onsite=onsite,
            team=team, plan_issued=plan_issued))

    def add_unit(self, *, code: str, name: str, kind: str, short_name: str = ""
                 ) -> Change[OrgUnit]:
        self.require_city(Msg("登记所辖单位", "add units"))
        self._may_create("org_unit")
        return self._do(lambda s: rounds.add_unit(s, self.code, self.code, code=code, name=name,
                                                  kind=kind, short_name=short_name))

    def rename_unit(self, code: str, *, name: str, short_name: str | None = None
                    ) -> Change[OrgUnit]:
        """Records refer to units by code: renaming keeps them all."""
        self.require_city(Msg("修改单位名称", "rename units"))
        return self._do(lambda s: rounds.rename_unit(s, code, name=name, short_name=short_name))

    def save_catalogue_task(self, round_uuid: str, entry: catalogue.CatalogueTask, *,
                            new: bool | None = None) -> Change[catalogue.Saved]:
        """One numbered task of the plan: its copies for the units it applies to are
        made or brought up to date, those of units it no longer applies to withdrawn
        (call inside ``batch`` for a whole workbook).  ``new``: True refuses a number
        the round has, False one it has not (the window's 新增 and 编辑).  An entry
        equal to what is held changes nothing and writes no audit."""
        self.require_city(Msg("编制整改任务清单", "edit the task catalogue"))
        self._may_create("task")

        def act(s: Session) -> catalogue.Saved:
            get(s, InspectionRound, round_uuid)
            units = s.execute(select(OrgUnit.code, OrgUnit.kind, OrgUnit.name)).all()
            kinds = {u.code: u.kind for u in units}
            unknown = [u for u in entry.units if u not in kinds]
            if unknown or not entry.units:
                raise UserError(Msg(f"第 {entry.number} 号任务的适用单位无效：{'、'.join(unknown)}",
                                    f"Task {entry.number}: unknown units {unknown}"))
            if entry.number <= 0 or not entry.feedback.strip():
                raise UserError(Msg("任务序号应为正整数，问题不能为空",
                                    "a task needs a positive number and its problem"))
            if new is not None:
                held = catalogue.entry_of(s, round_uuid, entry.number) is not None
                if new and held:
                    raise UserError(Msg(f"本轮已有第 {entry.number} 号任务（请用编辑）",
                                        f"The round has task {entry.number} already (edit it)"))
                if not new and not held:
                    raise UserError(Msg(f"本轮没有第 {entry.number} 号任务",
                                        f"The round has no task {entry.number}"))
            return catalogue.save_task(s, self.code, round_uuid, entry, kinds,
                                       {u.code: u.name for u in units})

        return self._do(act)

    def withdraw_catalogue_task(self, round_uuid: str, number: int) -> Change[list[str]]:
        """Take a task out of the plan (undoing its creation): every copy is withdrawn
        as when its unit is taken out of the task (services/catalogue.py)."""
        self.require_city(Msg("编制整改任务清单", "edit the task catalogue"))

        def act(s: Session) -> list[str]:
            kinds = {c: k for c, k in s.execute(select(OrgUnit.code, OrgUnit.kind))}
            return catalogue.withdraw_all(s, round_uuid, number, kinds)

        return self._do(act)

    # --- extensions: the county asks, the city decides -----------------------------------

    def request_extension(self, number: int, *, until: date, reason: str,
                          round_uuid: str | None = None) -> Change[Extension]:
        def act(s: Session) -> Extension:
            task = extensions.find_task(s, self.code, number, round_uuid)
            self._may_create("extension")
            return extensions.request(s, self.code, task, until=until, reason=reason,
                                      today=self.today)

        return self._do(act)

    def decide_extension(self, extension_uuid: str, *, approved: bool, note: str = "",
                         approver: str = "") -> Change[Extension]:
        self.require_city(Msg("审核延期申请", "decide extension requests"))
        self._may_set("extension", rights.DECIDED_BY_CITY["extension"])
        return self._do(lambda s: extensions.decide(
            s, extension_uuid, approved=approved, note=note, approver=approver or self.clerk,
            today=self.today))

    # --- indicators: the city defines them, units enter monthly values ------------------

    def define_indicator(self, *, code: str, name: str, unit_of_measure: str = "",
                         higher_is_better: bool, target: float | None,
                         relative_target: float | None = None, aggregation: str = "city",
                         baseline: float | None = None,
                         ratio_of: list[str] | None = None,
                         reporting_units: list[str] | None = None) -> Change[Any]:
        self.require_city(Msg("定义指标", "define indicators"))
        self._may_create("indicator")
        return self._do(lambda s: indicators.define(
            s, self.code, code=code, name=name, unit_of_measure=unit_of_measure,
            higher_is_better=higher_is_better, target=target, relative_target=relative_target,
            aggregation=aggregation, ratio_of=ratio_of or [],
            reporting_units=reporting_units or [], baseline=baseline))

    def set_indicator_value(self, code: str, period: str, value: float,
                            unit_code: str | None = None) -> Change[Any]:
        """A county enters its own unit's value; the city its own (city-measured) or its
        departments'."""
        unit = unit_code or self.code
        if unit != self.code:
            self.require_city(Msg("填报其他单位的指标数值", "enter another unit's values"))

        def act(s: Session) -> Any:
            if unit != self.code:
                kind = s.scalars(select(OrgUnit.kind).where(OrgUnit.code == unit)).first()
                if kind != "department":
                    raise UserError(Msg(f"{unit} 有自己的台账，指标数值由它填报。",
                                        f"{unit} keeps its own desk and enters its values."))
            return indicators.set_value(s, self.code, code, unit, period, value,
                                        city=self.is_city)

        return self._do(act)
