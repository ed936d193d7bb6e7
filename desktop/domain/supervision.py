"""The city's supervision rules as plain data: the escalation ladder, notice numbers,
the monthly ranking's score and the documented accountability rules.

Published practice (reference/glossary.md, second table): a lagging task gets written
supervision that escalates 提醒 → 督办 → 挂牌督办 → 约谈; a monthly bulletin ranks units
on figures the city can verify; accountability follows documented rules over the kept
light history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from desktop.i18n import Msg

LEVELS: tuple[str, ...] = ("remind", "supervise", "listed", "interview")
LEVEL_LABELS: dict[str, Msg] = {
    "remind": Msg("提醒", "reminder"),
    "supervise": Msg("督办", "supervision"),
    "listed": Msg("挂牌督办", "listed supervision"),
    "interview": Msg("约谈", "interview"),
}
NOTICE_STATUSES: dict[str, Msg] = {
    "open": Msg("待回复", "awaiting reply"),
    "replied": Msg("已回复", "replied"),
    "closed": Msg("已办结", "closed"),
    "escalated": Msg("已升级", "escalated"),
}
ACTIONS: dict[str, Msg] = {
    "interview": Msg("约谈", "interview"),
    "criticism": Msg("通报批评", "circulated criticism"),
    "admonition": Msg("诫勉", "admonition"),
    "organisational": Msg("组织处理", "organisational measures"),
    "discipline": Msg("党纪政务处分", "Party or administrative discipline"),
    "referral": Msg("移送纪检监察机关", "referral to the discipline commission"),
}


def level_label(level: str) -> str:
    return str(LEVEL_LABELS[level]) if level in LEVEL_LABELS else level


def check_level(level: str) -> Msg | None:
    if level in LEVELS:
        return None
    return Msg(f"督办级别“{level}”无效，只能是 remind（提醒）、supervise（督办）、"
               "listed（挂牌督办）或 interview（约谈）。",
               f"Invalid level “{level}”: use remind, supervise, listed or interview.")


def next_level(level: str) -> str | None:
    """One step up the ladder; None at the top (an interview escalates no further)."""
    i = LEVELS.index(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None


def notice_number(year: int, seq: int) -> str:
    return f"督办〔{year}〕{seq}号"


def reply_overdue(reply_by: date, replied: bool, status: str, today: date) -> bool:
    """A notice still open past its reply date, with no reply: it turns red."""
    return status == "open" and not replied and today > reply_by


# --- the monthly ranking -------------------------------------------------------------

# Figures the city can verify itself, never what a unit says about itself.  The score is
# out of 100: 60 for every unit, up to 40 more for the share of its applicable tasks
# closed out, less these points per item (never below 0); the weights are the setting
# ``ranking_weights`` (README, "Ranking").
FIGURES: dict[str, Msg] = {
    "closed": Msg("已销号", "closed out"),
    "applicable": Msg("任务数", "tasks"),
    "red": Msg("红灯（逾期）", "red (overdue)"),
    "red_3m": Msg("连续3个月红灯", "red 3 months running"),
    "late_reports": Msg("月报逾期或未报", "reports late or missing"),
    "returned": Msg("销号被退回", "close-outs returned"),
    "rebounds": Msg("反弹", "rebounds"),
    "overdue_petitions": Msg("信访件逾期未办结", "petitions overdue"),
    "overdue_replies": Msg("督办逾期未回复", "supervision replies overdue"),
    "indicators_off": Msg("指标未达进度", "indicators off track"),
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "red": 2.0,
    "red_3m": 3.0,
    "late_reports": 5.0,
    "returned": 2.0,
    "rebounds": 5.0,
    "overdue_petitions": 2.0,
    "overdue_replies": 3.0,
    "indicators_off": 1.0,
}


def score(figures: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    w = DEFAULT_WEIGHTS if weights is None else {**DEFAULT_WEIGHTS, **weights}
    applicable = figures.get("applicable", 0) or 0
    closed = 40.0 * (figures.get("closed", 0) or 0) / applicable if applicable else 40.0
    lost = sum(w.get(k, 0.0) * float(figures.get(k, 0) or 0) for k in w)
    return round(max(0.0, 60.0 + closed - lost), 2)


def ranks(scores: dict[str, float]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4): equal scores share a place; ties are listed
    by unit code so the order is stable."""
    ordered = sorted(scores, key=lambda u: (-scores[u], u))
    out: dict[str, int] = {}
    for i, unit in enumerate(ordered):
        prev = ordered[i - 1] if i else None
        out[unit] = out[prev] if prev is not None and scores[prev] == scores[unit] else i + 1
    return out


# --- accountability candidates ---------------------------------------------------------

RULES: dict[str, Msg] = {
    "red_running": Msg("任务连续{n}个月红灯", "a task red {n} months running"),
    "interview": Msg("督办已升级至约谈", "supervision escalated to an interview"),
    "rebound": Msg("销号后反弹", "a rebound after close-out"),
    "false_rectification": Msg("验收未通过：虚假、表面或敷衍整改",
                               "acceptance failed for false or superficial rectification"),
    "late_reports": Msg("连续两个月月报逾期或未报", "reports late or missing two months running"),
}
# Words in a failed acceptance's opinion that name sham rectification (glossary:
# 表面整改、敷衍整改、虚假整改).
SHAM_WORDS = ("虚假整改", "表面整改", "敷衍整改", "假整改")


@dataclass(frozen=True)
class Candidate:
    unit_code: str
    rule: str
    detail: str
    task_number: int | None = None
    task_uuid: str | None = None

    def reason(self, months: int = 3) -> str:
        return str(RULES[self.rule]).format(n=months)


def is_sham(opinion: str) -> bool:
    return any(word in (opinion or "") for word in SHAM_WORDS)
