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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from db.models import Extension, InspectionRound, OrgUnit, Petition, Record, Revisit, Task
from desktop import clock
from desktop.domain import rights
from desktop.domain.settings import DeskSettings
from desktop.i18n import Msg, UserError
from desktop.services import (
    catalogue,
    certificates,
    closeout,
    evidence,
    extensions,
    indicators,
    petitions,
    records,
    reporting,
    rounds,
    taskdetail,
)
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
            self.tables.add(obj.__tablename__)
            task = obj.uuid if isinstance(obj, Task) else getattr(obj, "task_uuid", None)
            if task:
                self.tasks.add(task)


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
        self._session: Session | None = None
        self._touched: _Touched | None = None

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

    # --- transactions ----------------------------------------------------------------

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
            self._session, self._touched = s, touched
            try:
                yield s
                s.flush()
            finally:
                event.remove(s, "before_flush", listener)
                self._session, self._touched = None, None

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

    def _may_create(self, table: str) -> None:
        bad = rights.may_create(self.role, table)
        if bad:
            raise UserError(bad)

    def _may_set(self, table: str, names: list[str] | set[str]) -> None:
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
            return records.set_fields(s, model, uuid, self.code, changes)

        return self._do(act)

    def add(self, kind: str, task_uuid: str, values: dict[str, Any]) -> Change[Record]:
        """A new record of the task: a list item, a month's progress, an extension
        request, a revisit."""
        model = taskdetail.model(kind)

        def act(s: Session) -> Record:
            self._may_create(model.__tablename__)
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
        return self._do(lambda s: records.save_progress(s, task_uuid, self.code, self.role,
                                                        period, values))

    def declare(self, unit_code: str, period: str, *, no_change: bool, note: str = ""
                ) -> Change[tuple[bool, str]]:
        """The month's "no change" declaration; the value is the previous one (undo)."""
        return self._do(lambda s: reporting.declare(s, self.code, unit_code, period,
                                                    no_change=no_change, note=note))

    def add_evidence(self, source: Path, *, task_uuid: str | None = None,
                     effect_uuid: str | None = None, petition_uuid: str | None = None,
                     measure_uuid: str | None = None) -> Change[Record]:
        def act(s: Session) -> Record:
            self._not_frozen(s, "evidence", task_uuid=task_uuid)
            self._same_unit(s, task_uuid, effect_uuid, measure_uuid, petition_uuid)
            return evidence.add_file(s, self.ctx.paths, self.code, source, task_uuid=task_uuid,
                                     effect_uuid=effect_uuid, measure_uuid=measure_uuid,
                                     petition_uuid=petition_uuid)

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

    def decide_closeout(self, request_uuid: str, *, approved: bool, number: str = "",
                        reasons: str = "", decided_by: str = "") -> Change[Record]:
        """The city's decision on a close-out request."""
        self.require_city(Msg("审核销号申请", "decide close-out requests"))
        return self._do(lambda s: closeout.decide_closeout(
            s, request_uuid, self.code, approved=approved, decided_on=self.today,
            closeout_number=number, reasons=reasons, decided_by=decided_by or self.clerk,
            revisit_months=self.settings.revisit_months))

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
            return petitions.register(s, self.code, unit, values, task_uuids or [])

        return self._do(act)

    def add_petition_revisit(self, petition_uuid: str, due: Any) -> Change[Revisit]:
        return self._do(lambda s: petitions.add_revisit(s, self.code, petition_uuid, due))

    # --- settings ----------------------------------------------------------------------

    def save_setting(self, key: str, value: Any) -> Change[None]:
        from dataclasses import replace

        from desktop.services.desk import store_setting

        done = self._do(lambda s: store_setting(s, key, value))
        self.ctx.settings = replace(
            self.ctx.settings, **{key: tuple(value) if isinstance(value, list) else value})
        return done

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

    def save_catalogue_task(self, round_uuid: str, entry: catalogue.CatalogueTask
                            ) -> Change[list[Task]]:
        """One numbered task of the plan: its copies for the units it applies to are
        made or brought up to date (call inside ``batch`` for a whole workbook)."""
        self.require_city(Msg("编制整改任务清单", "edit the task catalogue"))
        self._may_create("task")

        def act(s: Session) -> list[Task]:
            get(s, InspectionRound, round_uuid)
            units = s.execute(select(OrgUnit.code, OrgUnit.kind, OrgUnit.name)).all()
            kinds = {u.code: u.kind for u in units}
            unknown = [u for u in entry.units if u not in kinds]
            if unknown or not entry.units:
                raise UserError(Msg(f"第 {entry.number} 号任务的适用单位无效：{'、'.join(unknown)}",
                                    f"Task {entry.number}: unknown units {unknown}"))
            return catalogue.save_task(s, self.code, round_uuid, entry, kinds,
                                       {u.code: u.name for u in units})

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
                         ratio_of: list[str] | None = None,
                         reporting_units: list[str] | None = None) -> Change[Any]:
        self.require_city(Msg("定义指标", "define indicators"))
        self._may_create("indicator")
        return self._do(lambda s: indicators.define(
            s, self.code, code=code, name=name, unit_of_measure=unit_of_measure,
            higher_is_better=higher_is_better, target=target, relative_target=relative_target,
            aggregation=aggregation, ratio_of=ratio_of or [],
            reporting_units=reporting_units or []))

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
            return indicators.set_value(s, self.code, code, unit, period, value)

        return self._do(act)
