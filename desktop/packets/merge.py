"""Merging a verified packet into this desk's ledger, by ownership.

The merge works directly in the caller's session: a dry run is the same merge rolled
back, so the diff shown is exactly what applying would do. Records are matched by UUID.
A county packet is a full snapshot, so a county record it no longer carries was deleted
at the county and is deleted here too (``DELETABLE_BY_OWNER``), unless a record that
stays still refers to it, or it is a revisit the city scheduled that the county has not
shown it has yet. A city packet carries only changes, except the tables its data
declares complete (``manifest.CITY_COMPLETE_TABLES``: the city's extensions, the
petitions it registered for this county and its revisits of the county's tasks and
petitions, sent whole every time): a city record of those it no longer carries was
deleted at the city and is deleted here, with the same exception for records still
referred to. Of other tables, and of a city packet that declares none (an older city
desk), nothing omitted is deleted.

Rules (DESIGN §3):

- a county packet changes only records the county owns, tied to its own tasks,
  petitions and unit; task status moves only along county transitions; of handed-over
  petitions only the handling fields;
- a city packet changes city-owned records for this county (the catalogue, decisions,
  locks, the city's revisits: a rebound found by one reopens the task or petition here
  as one recorded here would); the county's fields of shared records stay the county's;
  county records born at the city (handed-over petitions, scheduled revisits) are added
  once, never overwritten;
- every record is asked what the door asks of a clerk's edit (``desktop.domain.rights``
  and ``desktop.domain.validation``): the fields its sender may set (a county never
  decides its own extension; the city creates county records only of the kinds born at
  the city, and fills in only its part of them), values from their lists and ranges,
  references inside the sender's unit, and nothing a close-out rests on changed, added
  or deleted by a county until a rebound reopens the task;
- a record that fails any of these is refused with a warning in the clerk's words, the
  local record stays as it was, and everything else of the packet still applies.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Column, Date, String, select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    AuditEntry,
    Base,
    CloseoutDecision,
    CloseoutRequest,
    Indicator,
    PacketRecord,
    Record,
    Revisit,
    Task,
)
from db.types import plain_type
from desktop import clock
from desktop.domain import rights, text
from desktop.domain.rights import SHARED_COUNTY_FIELDS
from desktop.domain.status import Status, can_move
from desktop.domain.validation import check_extension_request, check_value, has_list_or_range
from desktop.i18n import Msg
from desktop.packets.manifest import CITY_COMPLETE_TABLES
from desktop.packets.scope import CITY_TABLES, COUNTY_TABLES, JOIN_ORDER
from desktop.packets.wire import META_FIELDS, MODELS, encode_value, table_of
from desktop.services import catalogue, indicators, petition_cases
from desktop.services.closeout import apply_rebound, unmet_conditions
from desktop.services.door import too_long
from desktop.services.history import table_label
from desktop.services.records import field_label

__all__ = ["DELETABLE_BY_OWNER", "IMPORT_ACTOR", "Merger", "TableDiff"]

_CHUNK = 500
# Rows of these natural-key tables made locally before the city's catalogue arrived
# (``rectdesk init`` adds the desk's own unit) give way to the city's row.
_ADOPTABLE = {"org_unit", "indicator"}
# County records a county clerk can delete (the task window's four lists, monthly
# progress, extensions, revisits, evidence; an acceptance check withdrawn by undo; a
# petition whose registration was undone): missing from the county's packet = deleted.
DELETABLE_BY_OWNER: frozenset[str] = frozenset({
    "problem", "measure", "responsibility", "effect", "progress", "extension", "revisit",
    "evidence", "acceptance", "petition",
})
# County-owned records the city makes itself: the revisits scheduled when it approves a
# close-out (services/closeout.py). One the county has not shown it has is missing from
# its packet only because the city's packet has not reached it yet.
_MADE_AT_CITY = frozenset({"revisit"})
# The audit actor of an import (importer.import_packets): an entry of it for a county
# record shows the county sent that record.
IMPORT_ACTOR = "import"


@dataclass(frozen=True)
class _Deletions:
    """What the packet being merged may delete here: records ``sender`` owns, in the
    tables of ``carried``, that the packet no longer carries."""

    sender: str
    who: Msg  # who deleted them, for the clerk: the county or the city
    tables: tuple[type[Record], ...]  # parents first
    carried: dict[str, set[str]]  # table → every uuid the packet carries (refused too)
    unit: str | None = None  # a city packet speaks only for this county's part
    made_elsewhere: frozenset[str] = frozenset()  # see _MADE_AT_CITY
    # A county packet: the tasks the county has (its shared task rows).  Its records of
    # a task it does not have yet (a new catalogue task's starting rows, made at the
    # city and still on their way) are not deletions.
    known_tasks: frozenset[str] | None = None


@dataclass
class TableDiff:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0
    deleted: int = 0

    def to_json(self) -> dict[str, int]:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "refused": self.refused, "deleted": self.deleted}


@dataclass
class PacketMerge:
    diff: dict[str, TableDiff] = field(default_factory=dict)
    warnings: list[Msg] = field(default_factory=list)
    evidence_needed: set[str] = field(default_factory=set)
    # Of a city packet at a county desk joining afresh: how many of the county's own
    # records it took back from the city's copy, and that line for the clerk.
    restored: int = 0
    notes: list[Msg] = field(default_factory=list)

    def count(self, table: str, what: str) -> None:
        d = self.diff.setdefault(table, TableDiff())
        setattr(d, what, getattr(d, what) + 1)


def _same(a: Any, b: Any) -> bool:
    return encode_value(a) == encode_value(b)


@cache
def _default(table: str, name: str) -> Any:
    """The value a new record of ``table`` has in ``name`` when nobody fills it in."""
    default = table_of(table).c[name].default
    arg = getattr(default, "arg", None)
    return arg() if callable(arg) else arg


@cache
def _checked_fields(table: str) -> tuple[str, ...]:
    """The fields of ``table`` whose values have a list or range to keep to (dates
    included), so each record is not asked about every column."""
    return tuple(c.key for c in table_of(table).columns
                 if c.key not in META_FIELDS
                 and (has_list_or_range(table, c.key)
                      or isinstance(plain_type(c.type), Date)))


@cache
def _sized_fields(table: str) -> tuple[tuple[str, int], ...]:
    """Text fields of ``table`` with a length of their own (a name, a code, a unit)."""
    return tuple((c.key, c.type.length) for c in table_of(table).columns
                 if c.key not in META_FIELDS and isinstance(c.type, String)
                 and c.type.length)


@cache
def _county_may_create(table: str) -> Msg | None:
    return rights.may_create(rights.COUNTY, table)


@cache
def _referring(table: str) -> tuple[tuple[Column[Any], str], ...]:
    """Every column of any table that refers to ``table`` by key, with the key's name."""
    return tuple((fk.parent, fk.column.key) for other in Base.metadata.tables.values()
                 for fk in other.foreign_keys if fk.column.table.name == table)


class Merger:
    """One merge session for a batch of packets (later packets see earlier ones)."""

    def __init__(self, session: Session, own_code: str, own_role: str) -> None:
        self.s = session
        self.own_code = own_code
        self.own_role = own_role
        self.objs: dict[tuple[str, str], Record | None] = {}
        self.pending_keys: dict[tuple[str, tuple[str, ...], tuple[Any, ...]], Record] = {}
        # Of the packet being merged: what its omissions delete (None: nothing).
        self.deleting: _Deletions | None = None
        # (sender, table, uuid) carried by the county packets merged so far in this batch.
        self.reported: set[tuple[str, str, str]] = set()
        # Of the county packet being merged: its closed-out tasks that no rebound in it
        # reopens; what their close-out rests on does not change (rights.frozen).
        self.frozen_tasks: set[str] = set()
        # Taking back the county's own records from the city's copy (a county desk
        # joining afresh): they are asked what the city asks of a county packet.
        self.restoring = False
        self.restored_here: set[tuple[str, str]] = set()

    # --- loading ----------------------------------------------------------------------

    def _load(self, table: str, uuids: set[str]) -> None:
        model = MODELS[table]
        wanted = [u for u in uuids if (table, u) not in self.objs]
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            for obj in self.s.scalars(select(model).where(model.uuid.in_(chunk))):
                self.objs[(table, obj.uuid)] = obj
            for u in chunk:
                self.objs.setdefault((table, u), None)

    def get(self, table: str, uuid: str | None) -> Any:
        if uuid is None:
            return None
        if (table, uuid) not in self.objs:
            self._load(table, {uuid})
        return self.objs[(table, uuid)]

    def _preload(self, table: str, rows: list[dict[str, Any]]) -> None:
        self._load(table, {r["uuid"] for r in rows})
        for column in table_of(table).columns:
            for fk in column.foreign_keys:
                parent = fk.column.table.name
                if fk.column.key == "uuid" and parent in MODELS:
                    self._load(parent, {r[column.key] for r in rows if r.get(column.key)})

    # --- checks -----------------------------------------------------------------------

    @staticmethod
    def _text_problem(row: dict[str, Any]) -> Msg | None:
        """Text no clerk could have typed (desktop/domain/text.py), refused with the
        window's own words."""
        if text.record_is_clean(row):
            return None
        for key, value in row.items():
            if text.is_clean(key, value):
                continue
            problem = text.check_field(key, value, field_label(key))
            if problem is not None:
                return problem
        return None

    def _parent_problem(self, table: str, row: dict[str, Any]) -> Msg | None:
        for column in table_of(table).columns:
            value = row.get(column.key)
            for fk in column.foreign_keys:
                if value is None:
                    continue
                parent = fk.column.table.name
                if fk.column.key == "uuid":
                    exists = self.get(parent, value) is not None
                else:  # indicator_value → indicator.code
                    model = MODELS[parent]
                    exists = self.s.scalars(select(model.uuid).where(
                        getattr(model, fk.column.key) == value)).first() is not None
                if not exists:
                    what = table_label(parent)
                    return Msg(f"引用的{what.zh}“{value}”不存在",
                               f"refers to a missing {what.en} {value}")
        return None

    def _scope_problem(self, table: str, row: dict[str, Any], unit: str) -> Msg | None:
        """Does the record belong to ``unit``'s part of the ledger?"""
        if "unit_code" in row and row["unit_code"] != unit:
            return Msg(f"属于其他单位（{row['unit_code']}）", f"belongs to unit {row['unit_code']}")
        task = self.get("task", row.get("task_uuid"))
        if task is not None and task.unit_code != unit:
            return Msg(f"挂在其他单位（{task.unit_code}）的任务上",
                       f"attached to a task of {task.unit_code}")
        petition = self.get("petition", row.get("petition_uuid"))
        if petition is not None and petition.unit_code != unit:
            return Msg("挂在其他单位的信访件上", "attached to another unit's petition")
        notice = self.get("supervision_notice", row.get("notice_uuid"))
        if notice is not None and notice.unit_code != unit:
            return Msg("回复的是发给其他单位的督办单", "replies to another unit's notice")
        return self._reference_problem(table, row, unit)

    def _reference_problem(self, table: str, row: dict[str, Any], unit: str) -> Msg | None:
        """References that must stay inside the record's task and unit, as the door
        allows them (evidence on its own task's lists, a petition linked to its unit's
        tasks, a decision on its request's task)."""
        for key, kind in (("measure_uuid", "measure"), ("effect_uuid", "effect")):
            item = self.get(kind, row.get(key))
            if item is None:
                continue
            task = self.get("task", item.task_uuid)
            if (task is None or task.unit_code != unit
                    or (row.get("task_uuid") and item.task_uuid != row["task_uuid"])):
                return Msg("佐证材料只能挂在同一任务的清单上，这条挂在其他任务或其他单位的清单上",
                           "evidence can only be linked within one task; this one is linked "
                           "to another task's or unit's list")
        if table == "petition" and row.get("task_uuids"):
            petition_unit = row.get("unit_code") or unit
            # A link to a task not held here (a catalogue not yet received) shows
            # nothing and is kept; one to another unit's task is refused.
            for uuid in row["task_uuids"]:
                task = self.get("task", uuid) if isinstance(uuid, str) else None
                if task is not None and task.unit_code != petition_unit:
                    return Msg("信访件只能关联本单位的任务，这件关联了其他单位的任务",
                               "a petition can only be linked to its unit's tasks")
        if table == "closeout_decision":
            request = self.get("closeout_request", row.get("request_uuid"))
            if request is not None and request.task_uuid != row.get("task_uuid"):
                return Msg("销号决定与所答复的销号申请不是同一任务",
                           "the decision and its request are of different tasks")
        return None

    def _value_problem(self, table: str, row: dict[str, Any]) -> Msg | None:
        """Is every value one a clerk could have entered (domain.validation: lists,
        ranges, plausible dates, months)?  The window refuses the same values with the
        same words.  Value checks of a record go here, one place: the text rule first
        (a lone surrogate must not reach a query), then lists and ranges."""
        bad_text = self._text_problem(row)
        if bad_text is not None:
            return bad_text
        for name, limit in _sized_fields(table):
            value = row.get(name)
            if isinstance(value, str) and len(value) > limit:
                return too_long(name, limit)
        for name in _checked_fields(table):
            if name in row:
                bad = check_value(table, name, row[name])
                if bad is not None:
                    return bad
        as_county_packet = self.own_role == "city" or self.restoring
        if table == "indicator_value" and as_county_packet:
            return self._indicator_problem(row)
        if table == "petition" and as_county_packet:
            return self._handling_problem(row)
        if table == "extension":  # the request as the county's window would take it
            return check_extension_request(row.get("new_deadline"), row.get("reason"),
                                           row.get("requested_on"),
                                           row.get("previous_deadline"))
        return None

    def _handling_problem(self, row: dict[str, Any]) -> Msg | None:
        """A county's handling of a petition as its own window would take it (dates
        after the hand-over and not ahead, a finding and a result before closing...):
        the fields it sends over the case as held here (or as sent, when new)."""
        held = self.get("petition", row["uuid"])
        case = held if held is not None else SimpleNamespace(
            **{c.key: row.get(c.key) for c in table_of("petition").columns})
        after = {f: row[f] if f in row else getattr(case, f, None)
                 for f in petition_cases.HANDLING}
        found = petition_cases.handling_problems(self.s, case, after, clock.today())
        if not found:
            return None
        return Msg("；".join(m.zh for m in found), "; ".join(m.en for m in found))

    def _indicator_problem(self, row: dict[str, Any]) -> Msg | None:
        """A county's monthly value as its own window would take it: an indicator the
        city defined, that the county reports, a value in its range."""
        ind = self.s.scalars(select(Indicator).where(
            Indicator.code == row.get("indicator_code"))).first()
        if ind is None:
            return Msg(f"市级没有代码为“{row.get('indicator_code')}”的指标",
                       f"the city has no indicator {row.get('indicator_code')}")
        return indicators.entry_problem(ind, str(row.get("unit_code")), row.get("value"))

    def _task_of_row(self, row: dict[str, Any]) -> str | None:
        """The task a record hangs off, directly or through the list it is linked to."""
        if row.get("task_uuid"):
            return str(row["task_uuid"])
        for key, kind in (("measure_uuid", "measure"), ("effect_uuid", "effect")):
            item = self.get(kind, row.get(key))
            if item is not None:
                return str(item.task_uuid)
        return None

    def _frozen(self, table: str, task_uuid: str | None) -> Msg | None:
        """Does a close-out decision rest on a record of ``table`` on this task?"""
        if task_uuid in self.frozen_tasks:
            return rights.frozen(table, Status.CLOSED_OUT)
        return None

    def _county_rights_problem(self, table: str, row: dict[str, Any]) -> Msg | None:
        """What a county clerk may not set: a field the city decides.  A value the city
        holds, or the empty value (the county has not heard of the decision yet), is
        not a claim; any other is refused."""
        bad = _county_may_create(table)
        if bad is not None:
            return bad
        decided = rights.DECIDED_BY_CITY.get(table, frozenset())
        if not decided:
            return None
        local = self.get(table, row["uuid"])
        for name in sorted(decided):
            held = getattr(local, name) if local is not None else _default(table, name)
            if not _same(row[name], held) and not _same(row[name], _default(table, name)):
                return rights.may_set(rights.COUNTY, table, name)
        return None

    def _born_at_city_problem(self, table: str, row: dict[str, Any]) -> Msg | None:
        """A record in this county's name from the city: only the kinds born at the
        city, with the county's own fields left for the county to fill in."""
        bad = rights.may_create_for_county(table)
        if bad is not None:
            return bad
        if self.get(table, row["uuid"]) is not None:
            return None  # held here already: never overwritten (insert only)
        for name in sorted(rights.BORN_AT_CITY[table]):
            if not _same(row[name], _default(table, name)):
                return rights.city_fills_for_county(table, name)
        return None

    @staticmethod
    def _unique_sets(table: str) -> list[list[str]]:
        return [[c.key for c in constraint.columns]  # type: ignore[attr-defined]
                for constraint in table_of(table).constraints
                if constraint.__class__.__name__ == "UniqueConstraint"]

    def _unique_clash(self, table: str, row: dict[str, Any]) -> Record | None:
        """Another record with the same natural key (number, month, code…)."""
        model = MODELS[table]
        for names in self._unique_sets(table):
            key = (table, tuple(names), tuple(encode_value(row[n]) for n in names))
            # Inserts earlier in this batch are not flushed yet: they are kept here.
            other = self.pending_keys.get(key)
            if other is None:
                query = select(model).where(*(getattr(model, n) == row[n] for n in names),
                                            model.uuid != row["uuid"])
                with self.s.no_autoflush:
                    other = self.s.scalars(query).first()
            if other is not None and other.uuid != row["uuid"]:
                return other
        return None

    def _refuse(self, result: PacketMerge, table: str, row: dict[str, Any], why: Msg) -> None:
        result.count(table, "refused")
        label = table_label(table)  # as the clerk knows it (措施清单, not measure)
        result.warnings.append(Msg(f"{label.zh}记录 {row['uuid']} 未导入：{why.zh}",
                                   f"{label.en} record {row['uuid']} refused: {why.en}"))

    # --- writing ----------------------------------------------------------------------

    def _insert(self, table: str, row: dict[str, Any]) -> Record:
        obj = MODELS[table](**row)
        self.s.add(obj)
        for names in self._unique_sets(table):
            key = (table, tuple(names), tuple(encode_value(row[n]) for n in names))
            self.pending_keys[key] = obj
        self.objs[(table, row["uuid"])] = obj
        return obj

    def _update(self, obj: Record, row: dict[str, Any], fields: list[str],
                keep_meta: bool) -> None:
        for name in fields:
            setattr(obj, name, row[name])
        if keep_meta:
            # Versions come from the owner; the audit hook keeps values set explicitly.
            obj.revision = row["revision"]
            obj.updated_at = row["updated_at"]

    def _whole(self, result: PacketMerge, table: str, row: dict[str, Any], *,
               sender: str, unit: str, skip_fields: frozenset[str] = frozenset(),
               insert_only: bool = False, frozen: Msg | None = None) -> Record | None:
        """Merge a record sent whole by its owner (or handed over, ``insert_only``).
        ``frozen``: why the record may be neither added nor changed (a close-out rests
        on it); an unchanged copy is fine."""
        local = self.get(table, row["uuid"])
        if local is not None and local.owner != row["owner"]:
            self._refuse(result, table, row, Msg(f"本机该记录属于“{local.owner}”",
                                                 f"the local record belongs to {local.owner}"))
            return None
        fields: list[str] = []
        if local is not None:
            # A copy equal to what is held changes nothing: it was asked its questions
            # when it first arrived (most of a monthly snapshot is unchanged).
            if insert_only:
                result.count(table, "unchanged")
                return local
            fields = [c.key for c in table_of(table).columns
                      if c.key not in META_FIELDS and c.key not in skip_fields
                      and not _same(getattr(local, c.key), row[c.key])]
            if not fields:
                result.count(table, "unchanged")
                return local
        problem = (self._value_problem(table, row) or self._scope_problem(table, row, unit)
                   or self._parent_problem(table, row))
        if problem is None and frozen is not None and local is None:
            problem = frozen
        if problem is not None:
            self._refuse(result, table, row, problem)
            return None
        if local is None and insert_only and self._deleted_here(table, [row["uuid"]]):
            # A city packet sends a record handed over to us until we acknowledge the
            # packet that carried it; one we have had and deleted stays deleted.
            result.count(table, "unchanged")
            return None
        if local is None:
            clash = self._unique_clash(table, row)
            if clash is not None:
                if table in _ADOPTABLE and clash.owner == self.own_code and sender != unit:
                    self.s.delete(clash)
                    self.s.flush()
                elif self._gone(table, [clash]) and not self._referred_to(table, clash):
                    # The sender deleted that record and made this one in its place (a
                    # month's progress entered again): the old one goes first.
                    self._delete(result, table, clash)
                    self.s.flush()
                else:
                    self._refuse(result, table, row, Msg("与本机已有记录重复（编号或月份相同）",
                                                         "duplicates an existing record"))
                    return None
            result.count(table, "new")
            return self._insert(table, row)
        if frozen is not None:
            self._refuse(result, table, row, frozen)
            return None
        if row["revision"] < (local.revision or 0):
            self._refuse(result, table, row, Msg(
                f"版本较旧（第 {row['revision']} 版，本机已有第 {local.revision} 版）",
                f"older revision {row['revision']} < {local.revision}"))
            return None
        unique = {n for names in self._unique_sets(table) for n in names}
        if unique & set(fields) and self._unique_clash(table, row) is not None:
            self._refuse(result, table, row, Msg("与本机已有记录重复", "duplicates a record"))
            return None
        self._update(local, row, fields, keep_meta=True)
        result.count(table, "changed")
        return local

    # --- county packet at the city ----------------------------------------------------

    def merge_county(self, sender: str, tables: dict[str, list[dict[str, Any]]],
                     shared: dict[str, list[dict[str, Any]]], result: PacketMerge) -> None:
        tasks = self._load_tasks(sender)
        self.frozen_tasks = self._frozen_tasks(sender, tasks, tables.get("revisit", []))
        # Every uuid the packet carries, refused rows included: a refused row is kept.
        self.deleting = _Deletions(
            sender, Msg("县级", "the county"), COUNTY_TABLES,
            {name: {r["uuid"] for r in rows} for name, rows in tables.items()
             if name in DELETABLE_BY_OWNER},
            made_elsewhere=_MADE_AT_CITY,
            known_tasks=frozenset(r["uuid"] for r in shared.get("task", [])))
        for model in COUNTY_TABLES:
            name = model.__tablename__
            rows = tables.get(name, [])
            self._preload(name, rows)
            for row in rows:
                self._county_record(result, name, row, sender)
        self._delete_missing(result)
        self.reported.update((sender, name, row["uuid"]) for name, rows in tables.items()
                             for row in rows if row["owner"] == sender)
        self.deleting = None
        self._shared_petitions(sender, shared.get("petition", []), result)
        self._task_statuses(sender, shared.get("task", []), result)
        self.frozen_tasks = set()

    def _county_record(self, result: PacketMerge, name: str, row: dict[str, Any],
                       county: str) -> Record | None:
        """One record of ``county``'s own, asked what the city asks of the county's
        packet (its owner, the county's rights, values, scope, references, frozen
        close-outs); at the city, and at a county joining afresh for its copy."""
        if row["owner"] != county:
            self._refuse(result, name, row, Msg(
                f"记录属于“{row['owner']}”，{county} 不能报送它",
                f"owned by {row['owner']}, not by the sender"))
            return None
        bad = self._county_rights_problem(name, row)
        if bad is not None:
            self._refuse(result, name, row, bad)
            return None
        row = self._city_decides(name, row)  # a decided request stands
        row = self._city_schedules(name, row)  # a revisit's date the city set
        decided = rights.DECIDED_BY_CITY.get(name, frozenset())
        local = self.get(name, row["uuid"])
        frozen = (self._frozen(name, self._task_of_row(row))
                  or self._frozen(name, getattr(local, "task_uuid", None)))
        merged = self._whole(result, name, row, sender=county, unit=county,
                             skip_fields=decided, frozen=frozen)
        if name == "evidence" and merged is not None:
            result.evidence_needed.add(row["sha256"])
        return merged

    def _frozen_tasks(self, sender: str, tasks: list[Task],
                      revisits: list[dict[str, Any]]) -> set[str]:
        """The sender's closed-out tasks, less those a rebound in this packet reopens
        (one found after the approval the task's close-out stands on)."""
        closed = {t.uuid for t in tasks if t.status == Status.CLOSED_OUT}
        if not closed:
            return set()
        approved = self._approved_on(closed)
        thawed = {r["task_uuid"] for r in revisits
                  if r["owner"] == sender and r["rebound"] and r["task_uuid"] in closed
                  and r["done_date"] is not None
                  and r["done_date"] >= approved.get(r["task_uuid"], r["done_date"])}
        return closed - thawed

    def _approved_on(self, tasks: set[str]) -> dict[str, Any]:
        """Each task's latest approved close-out date."""
        out: dict[str, Any] = {}
        wanted = sorted(tasks)
        for i in range(0, len(wanted), _CHUNK):
            for task, day in self.s.execute(
                    select(CloseoutDecision.task_uuid, CloseoutDecision.decided_on).where(
                        CloseoutDecision.task_uuid.in_(wanted[i : i + _CHUNK]),
                        CloseoutDecision.approved.is_(True))):
                if task not in out or day > out[task]:
                    out[task] = day
        return out

    def _city_decides(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """The fields of a county record only the city sets (an extension's decision)
        stay as the city has them, whatever the county's packet says."""
        names = rights.DECIDED_BY_CITY.get(table)
        if not names:
            return row
        local = self.get(table, row["uuid"])
        model = MODELS[table]
        if local is not None and (local.decided_on is not None or local.approved):
            # Decided: the request stands as the city decided it.
            return {**row, **{c.key: getattr(local, c.key) for c in table_of(table).columns
                              if c.key not in META_FIELDS}}
        kept = {}
        for n in names:
            if local is not None:
                kept[n] = getattr(local, n)
            else:
                column = model.__table__.columns[n]
                default = column.default.arg if column.default is not None else None
                kept[n] = default
        return {**row, **kept}

    def _city_schedules(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """A revisit the city scheduled in the county's name (at a close-out approval)
        keeps the due date the city gave it: the county fills in the result, not when."""
        if table != "revisit":
            return row
        local = self.get(table, row["uuid"])
        if local is None or _same(local.due_date, row["due_date"]):
            return row
        made_here = self.s.scalars(select(AuditEntry.seq).where(
            AuditEntry.record_uuid == row["uuid"], AuditEntry.action == "insert",
            AuditEntry.actor != IMPORT_ACTOR).limit(1)).first() is not None
        return {**row, "due_date": local.due_date} if made_here else row

    def _decision_back(self, table: str, row: dict[str, Any], result: PacketMerge) -> bool:
        """The city's decision on one of this county's records: only those fields are
        taken.  True when handled."""
        names = rights.DECIDED_BY_CITY.get(table)
        if not names:
            return False
        local = self.get(table, row["uuid"])
        if local is None:
            if self._deleted_here(table, [row["uuid"]]):
                # A request withdrawn here: its decision has nothing to apply to.
                result.count(table, "unchanged")
            else:  # never this county's request: the city cannot make one in its name
                bad = rights.may_create_for_county(table)
                self._refuse(result, table, row, bad or Msg("本单位没有这条申请",
                                                              "no such request here"))
            return True
        fields = [n for n in names if not _same(getattr(local, n), row[n])]
        if not fields:
            result.count(table, "unchanged")
            return True
        self._update(local, row, fields, keep_meta=False)
        result.count(table, "changed")
        return True

    # --- deletions ---------------------------------------------------------------------

    def _delete_missing(self, result: PacketMerge) -> None:
        """Delete the sender's records that its packet no longer carries.

        Safe because such a table is sent whole (a county packet: everything the county
        owns, scope.county_snapshot; a city packet: the tables it declares complete,
        scope.city_snapshot) and the importer takes a sender's packets strictly in
        sequence, so the packet merged is the sender's newest state: a record of its
        own that is missing from it was deleted there.
        """
        d = self.deleting
        if d is None:
            return
        self.s.flush()  # the reference check must see the rows merged above
        for model in reversed(d.tables):  # children before parents
            name = model.__tablename__
            if name not in d.carried:
                continue
            # Compared here, not in SQL: a snapshot can hold more uuids than SQLite
            # takes parameters.
            carried = d.carried[name]
            missing = [u for u in self.s.scalars(select(model.uuid).where(model.owner == d.sender))
                       if u not in carried]
            local: list[Record] = []
            for i in range(0, len(missing), _CHUNK):
                chunk = missing[i : i + _CHUNK]
                local += self.s.scalars(select(model).where(model.uuid.in_(chunk)))
            for obj in self._gone(name, local):
                frozen = self._frozen(name, getattr(obj, "task_uuid", None))
                if frozen is not None:
                    result.count(name, "refused")
                    label = table_label(name)
                    result.warnings.append(Msg(
                        f"{label.zh}的一条记录（{obj.uuid[:8]}）{d.who.zh}已删除，本机保留不删："
                        f"{frozen.zh}",
                        f"A {label.en.lower()} record ({obj.uuid[:8]}) was deleted at "
                        f"{d.who.en} but is kept here: {frozen.en}"))
                elif self._referred_to(name, obj):
                    result.count(name, "refused")
                    label = table_label(name)
                    result.warnings.append(Msg(
                        f"{label.zh}的一条记录（{obj.uuid[:8]}）{d.who.zh}已删除，但本机仍有记录"
                        "引用它，暂不删除",
                        f"A {label.en.lower()} record ({obj.uuid[:8]}) was deleted at "
                        f"{d.who.en} but is still referenced here; kept"))
                else:
                    self._delete(result, name, obj)
            self.s.flush()  # gone before its parents' reference check

    def _gone(self, table: str, objs: list[Record]) -> list[Record]:
        """Those of ``objs`` (local records) that the sender deleted."""
        d = self.deleting
        if d is None or table not in d.carried:
            return []  # not the sender's to delete, or a table the packet says nothing of
        gone = [o for o in objs if o.owner == d.sender and o.uuid not in d.carried[table]
                and self._in_part(o, d.unit)]
        if d.known_tasks is not None:
            gone = [o for o in gone if getattr(o, "task_uuid", None) is None
                    or getattr(o, "task_uuid", None) in d.known_tasks]
        if table in d.made_elsewhere and gone:
            # The county has it once one of its packets carried it or an import wrote it.
            shown = {o.uuid for o in gone if (d.sender, table, o.uuid) in self.reported}
            rest = [o.uuid for o in gone if o.uuid not in shown]
            for i in range(0, len(rest), _CHUNK):
                shown.update(self.s.scalars(select(AuditEntry.record_uuid).where(
                    AuditEntry.table_name == table, AuditEntry.actor == IMPORT_ACTOR,
                    AuditEntry.record_uuid.in_(rest[i : i + _CHUNK]))))
            gone = [o for o in gone if o.uuid in shown]
        return gone

    def _in_part(self, obj: Record, unit: str | None) -> bool:
        """Is ``obj`` of ``unit``'s part of the ledger (its own, or on one of its tasks
        or petitions), as scope.city_snapshot picks the city's records for a county?
        No unit: all."""
        if unit is None:
            return True
        if hasattr(obj, "unit_code"):
            return bool(obj.unit_code == unit)
        task = self.get("task", getattr(obj, "task_uuid", None))
        if task is not None:
            return bool(task.unit_code == unit)
        # A petition's revisit has neither a task nor a unit of its own.
        petition = self.get("petition", getattr(obj, "petition_uuid", None))
        return petition is not None and petition.unit_code == unit

    def _referred_to(self, table: str, obj: Record) -> bool:
        """Does any record (of any owner) refer to ``obj`` by foreign key? Keys are
        checked at commit: deleting it would roll back the whole import."""
        for column, key in _referring(table):
            query = select(column).where(column == getattr(obj, key)).limit(1)
            if self.s.scalars(query).first() is not None:
                return True
        return False

    def _delete(self, result: PacketMerge, table: str, obj: Record) -> None:
        self.s.delete(obj)
        self.objs[(table, obj.uuid)] = None
        self.pending_keys = {k: v for k, v in self.pending_keys.items() if v is not obj}
        result.count(table, "deleted")

    def _load_tasks(self, unit: str) -> list[Task]:
        tasks = list(self.s.scalars(select(Task).where(Task.unit_code == unit)))
        for task in tasks:
            self.objs[("task", task.uuid)] = task
        return tasks

    def _shared_petitions(self, sender: str, rows: list[dict[str, Any]],
                          result: PacketMerge) -> None:
        self._load("petition", {r["uuid"] for r in rows})
        for row in rows:
            local = self.get("petition", row["uuid"])
            if local is None or local.unit_code != sender:
                self._refuse(result, "petition", row, Msg("不是交办给该单位的信访件",
                                                          "not a petition of the sender"))
                continue
            fields = [f for f in SHARED_COUNTY_FIELDS["petition"]
                      if not _same(getattr(local, f), row[f])]
            if not fields:
                result.count("petition", "unchanged")
                continue
            bad = (self._value_problem("petition", row)
                   or self._reference_problem("petition", row, sender))
            if bad is not None:
                self._refuse(result, "petition", row, bad)
                continue
            self._update(local, row, fields, keep_meta=False)
            result.count("petition", "changed")

    def _task_statuses(self, sender: str, rows: list[dict[str, Any]],
                       result: PacketMerge) -> None:
        for row in rows:
            task = self.get("task", row["uuid"])
            if task is None or task.unit_code != sender:
                self._refuse(result, "task", row, Msg("不是该单位的任务",
                                                      "not a task of the sender"))
                continue
            if task.status == row["status"]:
                result.count("task", "unchanged")
                continue
            try:
                target = Status(row["status"])
            except ValueError:
                self._refuse(result, "task", row, Msg("状态无效", "invalid status"))
                continue
            if not self._county_can_reach(task, target):
                result.count("task", "refused")
                result.warnings.append(Msg(
                    f"第 {task.number} 号任务的状态不能由县级从“{Status(task.status).value}”"
                    f"改为“{target.value}”，保持不变",
                    f"task {task.number}: a county cannot move {task.status} → {target.value}"))
                continue
            task.status = target.value
            result.count("task", "changed")

    def _county_can_reach(self, task: Task, target: Status) -> bool:
        """A county event may move a task through several steps between two packets
        (in progress → accepted → close-out requested); allow it when every step is a
        county move and the facts behind the steps arrived in the packet."""
        self.s.flush()
        # A rebound reopens a task only if found after the close-out it undoes: an old
        # rebound from before the latest approval does not count again.
        since = self._approved_on({task.uuid}).get(task.uuid)
        found = select(Revisit.uuid).where(Revisit.task_uuid == task.uuid,
                                           Revisit.rebound.is_(True))
        if since is not None:
            found = found.where(Revisit.done_date >= since)
        rebound = self.s.scalars(found).first() is not None
        decided = select(CloseoutDecision.request_uuid)
        open_request = self.s.scalars(select(CloseoutRequest.uuid).where(
            CloseoutRequest.task_uuid == task.uuid,
            CloseoutRequest.uuid.not_in(decided))).first() is not None
        if target == Status.CLOSEOUT_REQUESTED and (
                not open_request or unmet_conditions(self.s, task.uuid)):
            return False  # the county's door asks the same checklist before it asks
        if target == Status.ACCEPTED and self.s.scalars(select(Acceptance.uuid).where(
                Acceptance.task_uuid == task.uuid)).first() is None:
            return False  # accepted is what recording an acceptance check does
        start = Status(task.status)
        queue, seen = deque([start]), {start}
        while queue:
            here = queue.popleft()
            if here == target:
                return True
            for nxt in Status:
                if nxt in seen or not can_move(here, nxt, "county"):
                    continue
                if nxt == Status.REOPENED and not rebound:
                    continue
                seen.add(nxt)
                queue.append(nxt)
        return False

    # --- city packet at the county ----------------------------------------------------

    def merge_city(self, sender: str, tables: dict[str, list[dict[str, Any]]],
                   result: PacketMerge, complete: frozenset[str] = frozenset(),
                   county_copy: dict[str, list[dict[str, Any]]] | None = None) -> None:
        """``complete``: the tables the packet sends whole (none: changes only).
        ``county_copy``: this county's own records as the city holds them, taken back
        only while this desk holds none of its own (``_restore``)."""
        own = self.own_code
        copy = county_copy or {}
        restoring = bool(copy) and not self._holds_own_work()
        if copy and not restoring:
            self._keep_own(copy, tables, result)
        # verify admits only these; checked again since a miss here deletes records.
        self.deleting = _Deletions(
            sender, Msg("市级", "the city"), CITY_TABLES,
            {name: {r["uuid"] for r in tables.get(name, [])}
             for name in complete & CITY_COMPLETE_TABLES},
            unit=own)
        # The plan as held before this packet: a changed plan or a withdrawn copy is
        # followed here once the packet's rows are in (services/catalogue.follow_plan).
        plans: dict[str, tuple[list[str], Any, bool]] = {}
        arrived: list[Task] = []  # tasks new here
        for model in JOIN_ORDER if restoring else CITY_TABLES:
            name = model.__tablename__
            if restoring and name in copy:
                # Before the city's rows of the table: a decision finds its request,
                # and a starting row the county has worked on arrives as worked.
                self._restore(name, copy[name], tables.get(name, []), result)
            if model not in CITY_TABLES:
                continue
            rows = tables.get(name, [])
            self._preload(name, rows)
            if name == "task":
                for row in rows:
                    held = self.get(name, row["uuid"])
                    if isinstance(held, Task):
                        plans[held.uuid] = (list(held.plan_measures or []), held.deadline,
                                            bool(held.withdrawn))
                    elif row.get("withdrawn"):
                        plans[row["uuid"]] = ([], None, True)  # never had it: stays out
            deleted_here = self._deleted_here(name, [r["uuid"] for r in rows
                                                     if r["owner"] == own])
            county_fields = SHARED_COUNTY_FIELDS.get(name, frozenset())
            for row in rows:
                if name == "task" and plans.get(row["uuid"], ([], None, False))[2] \
                        and self.get(name, row["uuid"]) is None:
                    result.count(name, "unchanged")  # withdrawn before it came, or deleted
                    continue
                if row["owner"] == own and self._decision_back(name, row, result):
                    continue
                if row["owner"] == own and (name, row["uuid"]) in self.restored_here:
                    continue  # taken back from the county copy just now: counted there
                if row["owner"] == own and row["uuid"] in deleted_here:
                    result.count(name, "unchanged")  # deleted here since: stays deleted
                    continue
                if row["owner"] == own:
                    bad = self._born_at_city_problem(name, row)
                    if bad is not None:
                        self._refuse(result, name, row, bad)
                        continue
                    self._whole(result, name, row, sender=sender, unit=own, insert_only=True)
                elif row["owner"] == sender:
                    # The city's own records for this county: never the county's own
                    # kinds of work (verify admits no such table; asked all the same).
                    bad = rights.may_create(rights.CITY, name, desk=sender, unit=own)
                    if bad is not None:
                        self._refuse(result, name, row, bad)
                        continue
                    before = self.get(name, row["uuid"])
                    old_status = before.status if isinstance(before, Task) else None
                    was_rebound = isinstance(before, Revisit) and before.rebound
                    merged = self._whole(result, name, row, sender=sender, unit=own,
                                         skip_fields=county_fields)
                    if isinstance(merged, Task) and old_status is not None:
                        self._decision_status(merged, old_status, row["status"])
                    elif isinstance(merged, Task):
                        arrived.append(merged)
                    if isinstance(merged, Revisit) and merged.rebound and not was_rebound:
                        self._city_rebound(merged, result)
                elif name in ("org_unit", "inspection_round", "indicator"):
                    self._refuse(result, name, row, Msg("不属于市级目录", "not the city's"))
                else:
                    self._refuse(result, name, row, Msg(
                        f"记录属于“{row['owner']}”，市级不能下发", f"owned by {row['owner']}"))
        self._delete_missing(result)
        self.deleting = None
        self._unbacked_closeouts(arrived, result)
        if result.restored:
            result.notes.append(Msg(
                f"本台账尚无本单位自己的记录，已从市级留存的副本恢复本单位记录 {result.restored} 条"
                "（按县级录入的同样规则逐条核对）。",
                f"{result.restored} of this unit's own records were restored from the "
                "city's copy (this desk held none of its own; each checked as a county "
                "entry)."))
        for uuid, (old_plan, old_deadline, was_withdrawn) in plans.items():
            task = self.get("task", uuid)
            if isinstance(task, Task):
                result.warnings.extend(catalogue.follow_plan(
                    self.s, task, old_plan, old_deadline, was_withdrawn, own))

    def _unbacked_closeouts(self, tasks: list[Task], result: PacketMerge) -> None:
        """A task that arrives closed out without the city's approval held here (its
        close-out records were refused, or the city holds none to send) is named, so
        the clerk does not take 已销号 for a close-out this desk can show."""
        closed = {t.uuid: t for t in tasks if t.status == Status.CLOSED_OUT}
        if not closed:
            return
        self.s.flush()
        approved = self._approved_on(set(closed))
        for uuid, task in sorted(closed.items(), key=lambda kv: kv[1].number):
            if uuid not in approved:
                result.warnings.append(Msg(
                    f"第 {task.number} 号任务在市级为“已销号”，但本机没有市级批准销号的记录"
                    "（其销号申请、决定未能导入），请与市级整改办核对。",
                    f"task {task.number} is closed out at the city, but no approved "
                    "close-out is held here (its request or decision was not imported); "
                    "check with the city."))

    def _holds_own_work(self) -> bool:
        """Does this county desk hold records of its own: has it sent a packet, or
        written any of its kinds of record (or a task's or petition's county fields)
        other than by importing?  A new desk (``init``, then the city's packets) holds
        none."""
        sent = select(PacketRecord.uuid).where(PacketRecord.direction == "out").limit(1)
        if self.s.scalars(sent).first() is not None:
            return True
        names = [m.__tablename__ for m in COUNTY_TABLES] + ["task", "petition"]
        written = select(AuditEntry.seq).where(AuditEntry.table_name.in_(names),
                                               AuditEntry.actor != IMPORT_ACTOR).limit(1)
        return self.s.scalars(written).first() is not None

    def _restore(self, name: str, rows: list[dict[str, Any]], city_rows: list[dict[str, Any]],
                 result: PacketMerge) -> None:
        """Take back this county's own records of ``name`` from the city's copy, each
        asked exactly what the city asks of them in the county's packet.  A record the
        city made in the county's name and the county never filled in (a plan's
        starting row, a scheduled revisit) is left to the city's rows: it is the plan,
        not the county's work."""
        self._preload(name, rows)
        as_made = {r["uuid"] for r in city_rows if r["owner"] == self.own_code
                   and self.get(name, r["uuid"]) is None
                   and self._born_at_city_problem(name, r) is None}
        diff = result.diff.get(name, TableDiff())
        before = diff.new + diff.changed
        self.restoring = True
        try:
            for row in rows:
                if row["uuid"] in as_made:
                    continue
                if self._county_record(result, name, row, self.own_code) is not None:
                    self.restored_here.add((name, row["uuid"]))
        finally:
            self.restoring = False
        diff = result.diff.get(name, TableDiff())
        result.restored += diff.new + diff.changed - before

    def _keep_own(self, copy: dict[str, list[dict[str, Any]]],
                  tables: dict[str, list[dict[str, Any]]], result: PacketMerge) -> None:
        """A desk that holds its own work keeps it: the city's copy changes nothing here
        (an attacker's or a stale city copy must not overwrite a working county).  What
        the city's own rows carry too (a new task's starting rows) is merged there."""
        missing = 0
        for name, rows in copy.items():
            self._load(name, {r["uuid"] for r in rows})
            in_tables = {r["uuid"] for r in tables.get(name, [])}
            for row in rows:
                if self.get(name, row["uuid"]) is None and row["uuid"] not in in_tables:
                    result.count(name, "refused")
                    missing += 1
        if missing:
            result.warnings.append(Msg(
                f"市级下发包附带的本单位记录副本中有 {missing} 条本机没有，未导入：本台账已有"
                "本单位自己的记录（已在本机录入或已报送），以本机为准。",
                f"{missing} records of the city's copy of this unit's records are not held "
                "here and were not imported: this desk holds its own records, which stand."))

    def _deleted_here(self, table: str, uuids: list[str]) -> set[str]:
        """Of this desk's own records the city sends back, those deleted here (a county
        record the city's packet carries again must not come back to life)."""
        out: set[str] = set()
        for i in range(0, len(uuids), _CHUNK):
            out.update(self.s.scalars(select(AuditEntry.record_uuid).where(
                AuditEntry.table_name == table, AuditEntry.action == "delete",
                AuditEntry.record_uuid.in_(uuids[i : i + _CHUNK]))))
        return out

    def _city_rebound(self, revisit: Revisit, result: PacketMerge) -> None:
        """A rebound the city found on its own revisit acts here as if recorded here:
        the county handles the task or petition again."""
        for obj in apply_rebound(self.s, revisit, self.own_role):
            result.count(obj.__tablename__, "changed")

    @staticmethod
    def _decision_status(task: Task, current: str, city_status: str) -> None:
        """Of the city's task status only its decisions count (close-out approved or
        returned): a city copy that lags behind the county's own events must not pull
        the task back."""
        task.status = current
        if (city_status != current and can_move(current, city_status, "city")
                and not can_move(current, city_status, "county")):
            task.status = city_status
