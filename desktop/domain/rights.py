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
# Every other ledger table is created by the desk whose work it records, county or city
# (the city office keeps its own departments' copies, so it does county work too).
CITY_ONLY: frozenset[str] = frozenset({
    "org_unit", "inspection_round", "indicator", "task", "closeout_decision", "period_lock",
})

# Fields of a record that the owner does not set: the other desk decides them.  A
# county requests an extension; only the city approves it.
DECIDED_BY_CITY: dict[str, frozenset[str]] = {
    "extension": frozenset({"approved", "approver", "decided_on", "decision_note"}),
}

# Fields of the city's records that the county keeps up to date (a task's status moves
# with the county's events; a handed-over petition is handled by the county).
SHARED_COUNTY_FIELDS: dict[str, frozenset[str]] = {
    "task": frozenset({"status"}),
    "petition": frozenset({"substantiated", "result", "rectification_status", "task_uuids"}),
}

# What a close-out decision rests on: frozen once the task is closed out, thawed only by
# a rebound (the task is then reopened and these can change again).
FROZEN_AT_CLOSEOUT: frozenset[str] = frozenset({
    "problem", "measure", "responsibility", "effect", "evidence", "acceptance",
    "closeout_request",
})

_ROLE = {COUNTY: Msg("县级台账", "a county desk"), CITY: Msg("市级台账", "the city desk")}


def may_create(role: str, table: str) -> Msg | None:
    """None when a desk of ``role`` may create a record of ``table``."""
    if table in CITY_ONLY and role != CITY:
        who = _ROLE.get(role, _ROLE[COUNTY])
        return Msg(f"{who.zh}不能建立这类记录（{table}），只有市级可以。",
                   f"{who.en} cannot create {table} records; only the city can.")
    return None


def may_set(role: str, table: str, field: str) -> Msg | None:
    """None when a desk of ``role`` may set ``field`` of a ``table`` record it owns."""
    if role != CITY and field in DECIDED_BY_CITY.get(table, frozenset()):
        return Msg(f"“{field}”由市级决定，县级台账不能填写。",
                   f"“{field}” is decided by the city; a county desk cannot set it.")
    return None


def frozen(table: str, task_status: str | None) -> Msg | None:
    """None unless the record hangs off a closed-out task and a decision rests on it."""
    if task_status == "closed_out" and table in FROZEN_AT_CLOSEOUT:
        return Msg("这项任务已销号，销号所依据的记录（清单、佐证、验收）不能再改动；"
                   "回头看发现反弹后任务重新打开，才能修改。",
                   "The task is closed out: the records its close-out rests on cannot "
                   "change until a revisit finds a rebound and reopens it.")
    return None
