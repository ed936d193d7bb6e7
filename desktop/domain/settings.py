"""Desk settings with their defaults and the rules for valid values."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from desktop.i18n import Msg


@dataclass(frozen=True)
class DeskSettings:
    warning_window_days: int = 30  # yellow light this many days before a deadline
    report_due_day: int = 5  # monthly report due on this day of the following month
    revisit_months: tuple[int, ...] = field(default=(3, 12))  # 回头看 after close-out
    notice_days: int = 7  # public notice (公示) before close-out, in days
    ongoing_revisit_months: int = 6  # 回头看 of long-running (长期坚持) tasks
    language: str = "zh"
    backup_keep: int = 10
    # Accountability: a task red this many months running makes its unit a candidate.
    red_months: int = 3
    # The monthly ranking's deductions per item (domain.supervision.DEFAULT_WEIGHTS).
    ranking_weights: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_stored(cls, values: dict[str, Any]) -> DeskSettings:
        """Settings from the desk's stored key → value pairs; unknown keys (from a
        newer program) are ignored and missing ones keep their defaults."""
        names = {f.name for f in fields(cls)}
        known = {k: v for k, v in values.items() if k in names}
        if "revisit_months" in known:
            known["revisit_months"] = tuple(known["revisit_months"])
        return replace(cls(), **known)


def validate(name: str, value: object) -> Msg | None:
    if name == "warning_window_days":
        if not isinstance(value, int) or not 0 <= value <= 365:
            return Msg("预警天数应为0到365之间的整数。", "Warning window must be 0–365 days.")
    elif name == "report_due_day":
        if not isinstance(value, int) or not 1 <= value <= 28:
            return Msg("月报截止日应为1到28之间的整数。", "Report due day must be 1–28.")
    elif name == "revisit_months":
        ok = (
            isinstance(value, (list, tuple))
            and value
            and all(isinstance(m, int) and 1 <= m <= 60 for m in value)
        )
        if not ok:
            return Msg(
                "回头看间隔应为1到60之间的月数，例如 3,12。",
                "Revisit intervals: months 1–60, e.g. 3,12.",
            )
    elif name == "notice_days":
        if not isinstance(value, int) or not 1 <= value <= 60:
            return Msg("公示天数应为1到60之间的整数。", "Notice period must be 1–60 days.")
    elif name == "ongoing_revisit_months":
        if not isinstance(value, int) or not 1 <= value <= 24:
            return Msg("长期坚持任务的回头看间隔应为1到24个月。",
                       "Revisits of long-running tasks: every 1–24 months.")
    elif name == "language":
        if value not in ("zh", "en"):
            return Msg("语言只能是中文或英文。", "Language must be zh or en.")
    elif name == "red_months":
        if not isinstance(value, int) or not 1 <= value <= 24:
            return Msg("连续红灯月数应为1到24。", "Red months must be 1–24.")
    elif name == "ranking_weights":
        from desktop.domain.supervision import DEFAULT_WEIGHTS

        ok = isinstance(value, dict) and all(
            k in DEFAULT_WEIGHTS and isinstance(v, (int, float)) and 0 <= v <= 100
            for k, v in value.items())
        if not ok:
            return Msg("排名扣分权重应为 {项目: 0到100的数}，项目为："
                       + "、".join(DEFAULT_WEIGHTS) + "。",
                       "Ranking weights: {item: 0–100}, items: " + ", ".join(DEFAULT_WEIGHTS))
    elif name == "backup_keep":
        if not isinstance(value, int) or not 1 <= value <= 100:
            return Msg("保留备份份数应为1到100。", "Backups kept must be 1–100.")
    else:
        return Msg(f"没有名为“{name}”的设置。", f"There is no setting called “{name}”.")
    return None
