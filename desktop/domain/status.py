"""Task statuses and who may move a task from one to another."""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import Msg


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACCEPTED = "accepted"  # acceptance check passed, close-out not yet requested
    CLOSEOUT_REQUESTED = "closeout_requested"
    RETURNED = "returned"  # close-out request sent back by the city (退办)
    CLOSED_OUT = "closed_out"
    REOPENED = "reopened"  # a revisit found the problem back (反弹)


LABELS: dict[Status, Msg] = {
    Status.NOT_STARTED: Msg("未启动", "Not started"),
    Status.IN_PROGRESS: Msg("整改中", "In progress"),
    Status.ACCEPTED: Msg("已验收", "Accepted"),
    Status.CLOSEOUT_REQUESTED: Msg("申请销号", "Close-out requested"),
    Status.RETURNED: Msg("退回整改", "Returned"),
    Status.CLOSED_OUT: Msg("已销号", "Closed out"),
    Status.REOPENED: Msg("反弹重启", "Reopened"),
}

# The close-out procedure's steps (domain/closeout.procedure_line): the task's status
# stays "close-out requested" while the city accepts and publishes; the steps' own
# records say how far it has gone.
STEP_LABELS: dict[str, Msg] = {
    "self_check": Msg("自查", "Self-check"),
    "request": Msg("申请销号", "Close-out request"),
    "city_acceptance": Msg("市级验收", "City acceptance"),
    "notice": Msg("公示", "Public notice"),
    "closeout": Msg("销号", "Close-out"),
    "certificate": Msg("销号证书", "Certificate"),
}

COUNTY = "county"
CITY = "city"

# (from, to) → roles allowed to make that move.  The city office keeps its own
# departments' parts too, so it may make every county move as well.
_ANY = frozenset({COUNTY, CITY})
TRANSITIONS: dict[tuple[Status, Status], frozenset[str]] = {
    (Status.NOT_STARTED, Status.IN_PROGRESS): _ANY,
    (Status.IN_PROGRESS, Status.ACCEPTED): _ANY,
    (Status.RETURNED, Status.IN_PROGRESS): _ANY,
    (Status.RETURNED, Status.ACCEPTED): _ANY,
    (Status.REOPENED, Status.IN_PROGRESS): _ANY,
    (Status.REOPENED, Status.ACCEPTED): _ANY,
    (Status.ACCEPTED, Status.IN_PROGRESS): _ANY,  # acceptance withdrawn
    (Status.ACCEPTED, Status.CLOSEOUT_REQUESTED): _ANY,
    (Status.CLOSEOUT_REQUESTED, Status.CLOSED_OUT): frozenset({CITY}),
    (Status.CLOSEOUT_REQUESTED, Status.RETURNED): frozenset({CITY}),
    (Status.CLOSED_OUT, Status.REOPENED): _ANY,
}

OPEN_STATUSES = frozenset(s for s in Status if s is not Status.CLOSED_OUT)


def label(status: str | Status) -> str:
    return str(LABELS[Status(status)])


def can_move(current: str | Status, target: str | Status, role: str) -> bool:
    return role in TRANSITIONS.get((Status(current), Status(target)), frozenset())


def check_move(current: str | Status, target: str | Status, role: str) -> Msg | None:
    """None when allowed, otherwise the reason in the clerk's words."""
    if can_move(current, target, role):
        return None
    a, b = LABELS[Status(current)], LABELS[Status(target)]
    return Msg(
        f"任务状态不能从“{a.zh}”改为“{b.zh}”。",
        f"A task cannot go from “{a.en}” to “{b.en}”.",
    )
