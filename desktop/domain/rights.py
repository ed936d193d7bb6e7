"""Who may do what to which record: the rights table every way into a ledger consults.

The same questions are asked of a clerk's edit in the window, a command, a row of an
imported workbook and a record arriving in a packet (DESIGN §3, "One door"): may this
desk's role create a record of this table, may it set this field, and is the record
frozen because a city decision rests on it.  Plain data and functions: no sessions.
"""

from __future__ import annotations

from desktop.i18n import Msg

COUNTY = "county"
CITY = "city"
_ANY = frozenset({COUNTY, CITY})
_CITY = frozenset({CITY})

# Tables whose records only the city creates (the catalogue and the city's decisions).
CITY_ONLY: frozenset[str] = frozenset({
    "org_unit", "inspection_round", "indicator", "task", "closeout_decision", "period_lock",
    "supervision_notice", "ranking_entry", "accountability_action",
    "city_acceptance", "public_notice", "notice_objection",
})
# Tables that record a unit's own work on its tasks: made by the county for its unit.
# The city office keeps its own departments' copies (tasks whose unit is the city's own
# code) and does that work only there, never on a county's task.  Extensions, revisits
# and petitions are made by both (a county requests an extension, the city grants one).
COUNTY_ONLY: frozenset[str] = frozenset({
    "problem", "measure", "responsibility", "effect", "progress", "period_declaration",
    "acceptance", "closeout_request", "evidence", "indicator_value", "supervision_reply",
})

# Fields of a record that the owner does not set: the other desk decides them.  A
# county requests an extension; only the city approves it.
DECIDED_BY_CITY: dict[str, frozenset[str]] = {
    "extension": frozenset({"approved", "approver", "decided_on", "decision_note"}),
}

# Fields of the city's records that the county keeps up to date (a task's status moves
# with the county's events; a handed-over petition is handled by the county).  A county
# packet carries only these of such records (packets.scope).
SHARED_COUNTY_FIELDS: dict[str, frozenset[str]] = {
    "task": frozenset({"status"}),
    "petition": frozenset({
        "substantiated", "result", "rectification_status", "task_uuids",
        "closed_on", "reply", "replied_on", "follow_up_on", "satisfaction", "repeat_of",
        "similar_found", "similar_fixed", "similar_note",
    }),
}

# County records born at the city (DESIGN §3): a petition the city hands over in the
# county's name, the revisits a close-out approval schedules for the county, and the
# starting rows of the four lists its catalogue gives the county's task copies.  The
# city fills in what it decides; the fields named here are the county's to fill in and
# arrive empty.  No other kind of county record may come from the city.
BORN_AT_CITY: dict[str, frozenset[str]] = {
    "petition": SHARED_COUNTY_FIELDS["petition"] - {"task_uuids"},
    "revisit": frozenset({"done_date", "inspector", "findings", "rebound"}),
    # The four lists' starting rows the city's catalogue gives each county's copy of a
    # task (the plan's problem and measures): what was done and achieved is the county's.
    "problem": frozenset(),
    "measure": frozenset({"done_date", "status"}),
    "responsibility": frozenset(),
    "effect": frozenset({"achieved"}),
}

# What a close-out decision rests on: frozen once the task is closed out, thawed only by
# a rebound (the task is then reopened and these can change again).
FROZEN_AT_CLOSEOUT: frozenset[str] = frozenset({
    "problem", "measure", "responsibility", "effect", "evidence", "acceptance",
    "closeout_request",
})

# Fields named in the messages above, as the clerk knows them.
_FIELDS: dict[str, Msg] = {
    "approved": Msg("是否批准", "approved"), "approver": Msg("批准人", "approver"),
    "status": Msg("任务状态", "task status"), "done_date": Msg("完成日期", "done date"),
    "inspector": Msg("核查人", "inspector"), "findings": Msg("核查情况", "findings"),
    "rebound": Msg("是否反弹", "rebound"), "substantiated": Msg("是否属实", "substantiated"),
    "result": Msg("办理结果", "result"),
    "rectification_status": Msg("整改状态", "rectification status"),
    "achieved": Msg("实际值", "achieved"), "closed_on": Msg("办结日期", "closed on"),
    "reply": Msg("答复内容", "reply"), "replied_on": Msg("答复日期", "replied on"),
    "follow_up_on": Msg("回访日期", "followed up on"),
    "satisfaction": Msg("满意度", "satisfaction"), "repeat_of": Msg("重复件", "repeat of"),
    "similar_found": Msg("举一反三发现数", "similar problems found"),
    "similar_fixed": Msg("举一反三整改数", "similar problems fixed"),
    "similar_note": Msg("举一反三情况", "similar problems"),
    "task_uuids": Msg("关联任务", "linked tasks"),
    "decided_on": Msg("审核日期", "decided on"), "decision_note": Msg("审核意见", "decision note"),
}
# A field whose name several kinds of record share, said for the kind at hand.
_TABLE_FIELDS: dict[tuple[str, str], Msg] = {
    ("measure", "status"): Msg("措施状态", "measure status"),
}


def _field(name: str, table: str = "") -> Msg:
    return _TABLE_FIELDS.get((table, name)) or _FIELDS.get(name, Msg(name, name))


_ROLE = {COUNTY: Msg("县级台账", "a county desk"), CITY: Msg("市级台账", "the city desk")}


def may_create(role: str, table: str, *, desk: str | None = None,
               unit: str | None = None) -> Msg | None:
    """None when a desk of ``role`` may create a record of ``table``.  With ``desk``
    (the desk's code) and ``unit`` (the unit of the task the record hangs off), a
    county-only kind is refused to the city on another unit's task."""
    who = _ROLE.get(role, _ROLE[COUNTY])
    if table in CITY_ONLY and role != CITY:
        return Msg(f"{who.zh}不能建立这类记录（{table}），只有市级可以。",
                   f"{who.en} cannot create {table} records; only the city can.")
    if (table in COUNTY_ONLY and role == CITY and desk is not None and unit is not None
            and unit != desk):
        return Msg("整改清单、月度进展、佐证材料、验收和销号申请由各县级台账为本单位填写；"
                   "市级台账只能为市直部门自己的任务填写。",
                   "Lists, progress, evidence, acceptance and close-out requests are the "
                   "county's own work; the city keeps them only for its own departments' "
                   "tasks.")
    return None


def may_set(role: str, table: str, field: str) -> Msg | None:
    """None when a desk of ``role`` may set ``field`` of a ``table`` record it owns."""
    if role != CITY and field in DECIDED_BY_CITY.get(table, frozenset()):
        label = _field(field, table)
        return Msg(f"“{label.zh}”由市级决定，县级台账不能填写。",
                   f"“{label.en}” is decided by the city; a county desk cannot set it.")
    return None


def may_set_shared(table: str, field: str) -> Msg | None:
    """None when a county may set ``field`` of the city's ``table`` record (its part of
    a shared record)."""
    if field not in SHARED_COUNTY_FIELDS.get(table, frozenset()):
        label = _field(field, table)
        return Msg(f"“{label.zh}”属于市级的记录，县级不能修改。",
                   f"“{label.en}” of this record is the city's; a county cannot change it.")
    return None


def may_create_for_county(table: str) -> Msg | None:
    """None when the city may create a ``table`` record in a county's name."""
    if table not in BORN_AT_CITY:
        return Msg("这类记录只能由县级自己建立，市级不能以县级的名义建立。",
                   "the county creates these records itself; the city cannot create "
                   "them in the county's name.")
    return None


def city_fills_for_county(table: str, field: str) -> Msg | None:
    """None when the city may fill in ``field`` of a county record born at the city."""
    if field in BORN_AT_CITY.get(table, frozenset()):
        label = _field(field, table)
        return Msg(f"“{label.zh}”由县级填写，市级不能代填。",
                   f"“{label.en}” is the county's to fill in; the city cannot fill it in.")
    return None


def frozen(table: str, task_status: str | None) -> Msg | None:
    """None unless the record hangs off a closed-out task and a decision rests on it."""
    if task_status == "closed_out" and table in FROZEN_AT_CLOSEOUT:
        return Msg("这项任务已销号，销号所依据的记录（清单、佐证、验收）不能再改动；"
                   "回头看发现反弹后任务重新打开，才能修改。",
                   "The task is closed out: the records its close-out rests on cannot "
                   "change until a revisit finds a rebound and reopens it.")
    return None
