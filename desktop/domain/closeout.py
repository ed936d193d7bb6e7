"""The close-out procedure and its checklist: what must be true before a task may be
closed out, one place for both desks.

The procedure (practice since 2019, DESIGN §4 "The city's procedures"): the county
checks itself (自查) and requests close-out with its materials; the city accepts on site
or on the papers (市级验收, 谁验收、谁负责); the result is published for a notice period
(公示) with objections recorded and handled; only then the city closes the task out
under a number it allocates, and the certificate carries that number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from desktop.domain.status import STEP_LABELS
from desktop.i18n import Msg


@dataclass(frozen=True)
class MeasureFacts:
    text: str
    done: bool
    done_on: date | None = None


@dataclass(frozen=True)
class EffectFacts:
    indicator: str
    achieved: float | None
    evidence_count: int
    target: float | None = None
    higher_is_better: bool = True
    unit: str = ""


@dataclass(frozen=True)
class CityFacts:
    """The city's steps of the current request, checked when the city decides."""

    today: date
    acceptance_on: date | None = None
    acceptance_passed: bool | None = None
    notice_starts: date | None = None
    notice_ends: date | None = None
    open_objections: Sequence[str] = ()


@dataclass(frozen=True)
class Unmet:
    code: str
    msg: Msg

    def __str__(self) -> str:
        return str(self.msg)


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _num(v: float) -> str:
    return f"{v:g}"


def meets_target(achieved: float, target: float, higher_is_better: bool) -> bool:
    """The actual value reaches the target in the indicator's direction."""
    return achieved >= target if higher_is_better else achieved <= target


def checklist(
    measures: Sequence[MeasureFacts],
    effects: Sequence[EffectFacts],
    acceptance_passed: bool | None,
    rebound_since_acceptance: bool = False,
    *,
    acceptance_on: date | None = None,
    open_petitions: Sequence[str] = (),
    open_supervisions: Sequence[str] = (),
    city: CityFacts | None = None,
) -> list[Unmet]:
    """Every unmet condition, each named; an empty list means the task may close out.
    ``acceptance_passed`` is the latest acceptance check's (the county's self-check)
    result, None if none; an acceptance older than a rebound found at a revisit no
    longer counts.  ``open_petitions`` / ``open_supervisions`` name what is still open
    and linked to the task (the caller
    passes them here).  ``city`` adds the city's steps, asked when the city decides."""
    unmet: list[Unmet] = []
    last_done = max((m.done_on for m in measures if m.done_on is not None), default=None)
    if not measures:
        unmet.append(Unmet("no_measures", Msg("尚未录入整改措施。", "No measures recorded.")))
    for m in measures:
        if not m.done:
            t = _short(m.text)
            unmet.append(Unmet("measure_open", Msg(f"措施未完成：{t}", f"Measure not done: {t}")))
    if not effects:
        unmet.append(Unmet("no_effects", Msg("尚未录入整改效果。", "No effects recorded.")))
    for e in effects:
        t = _short(e.indicator)
        if e.achieved is None:
            unmet.append(
                Unmet("effect_value", Msg(f"效果未填写实际值：{t}", f"Effect has no value: {t}"))
            )
        elif e.target is None:
            unmet.append(Unmet("effect_target", Msg(f"效果未设定目标值：{t}",
                                                    f"Effect has no target: {t}")))
        elif not meets_target(e.achieved, e.target, e.higher_is_better):
            sign = "≥" if e.higher_is_better else "≤"
            got, want = _num(e.achieved), _num(e.target)
            unmet.append(Unmet("effect_missed", Msg(
                f"效果未达目标：{t}（实际 {got}{e.unit}，目标 {sign}{want}{e.unit}）",
                f"Effect misses its target: {t} (actual {got}{e.unit}, "
                f"target {sign}{want}{e.unit})")))
        if e.evidence_count == 0:
            unmet.append(
                Unmet(
                    "effect_evidence",
                    Msg(f"效果缺少佐证材料：{t}", f"Effect has no evidence: {t}"),
                )
            )
    if rebound_since_acceptance:
        unmet.append(
            Unmet(
                "rebound", Msg("问题反弹后尚未重新验收。", "Not accepted again since the rebound.")
            )
        )
    elif acceptance_passed is None:
        unmet.append(Unmet("no_acceptance", Msg("尚未进行验收。", "No acceptance check yet.")))
    elif not acceptance_passed:
        unmet.append(
            Unmet("acceptance_failed", Msg("最近一次验收未通过。", "The latest acceptance failed."))
        )
    elif acceptance_on is not None and last_done is not None and acceptance_on < last_done:
        unmet.append(_before_measure("self_check_early", "自查", "self-check",
                                     acceptance_on, last_done))
    for case in open_petitions:
        unmet.append(Unmet("petition_open", Msg(
            f"关联的信访件尚未办结：{case}", f"A linked petition is still open: {case}")))
    for notice in open_supervisions:
        unmet.append(Unmet("supervision_open", Msg(
            f"督办事项尚未办结：{notice}", f"A supervision notice is still open: {notice}")))
    if city is not None:
        unmet.extend(_city_steps(city, last_done))
    return unmet


def _before_measure(code: str, zh: str, en: str, on: date, last_done: date) -> Unmet:
    return Unmet(code, Msg(
        f"{zh}日期（{cn_date(on)}）早于最后一项措施完成日期（{cn_date(last_done)}）。",
        f"The {en} ({on}) is dated before the last measure was done ({last_done})."))


def _city_steps(c: CityFacts, last_done: date | None) -> list[Unmet]:
    unmet: list[Unmet] = []
    if c.acceptance_passed is None:
        unmet.append(Unmet("no_city_acceptance", Msg("市级尚未验收。",
                                                     "The city has not accepted it yet.")))
    elif not c.acceptance_passed:
        unmet.append(Unmet("city_acceptance_failed", Msg("市级验收未通过。",
                                                         "The city's acceptance failed.")))
    elif c.acceptance_on is not None and last_done is not None and c.acceptance_on < last_done:
        unmet.append(_before_measure("city_acceptance_early", "市级验收", "city acceptance",
                                     c.acceptance_on, last_done))
    if c.notice_starts is None or c.notice_ends is None:
        unmet.append(Unmet("no_notice", Msg("尚未公示。", "Not yet publicly noticed.")))
    elif c.today <= c.notice_ends:
        unmet.append(Unmet("notice_running", Msg(
            f"公示期未满（{cn_date(c.notice_starts)}至{cn_date(c.notice_ends)}）。",
            f"The notice period has not ended ({c.notice_starts} to {c.notice_ends}).")))
    for text in c.open_objections:
        t = _short(text)
        unmet.append(Unmet("objection_open", Msg(f"公示异议尚未处理：{t}",
                                                 f"A notice objection is not handled: {t}")))
    return unmet


# --- the procedure's steps, dates and numbers ------------------------------------------

DEFAULT_NOTICE_DAYS = 7


def cn_date(d: date) -> str:
    """A date as Chinese documents write it: Arabic numerals, no zero padding."""
    return f"{d.year}年{d.month}月{d.day}日"


def notice_end(starts: date, days: int) -> date:
    """The last day of a notice of ``days`` days starting on ``starts``."""
    return starts + timedelta(days=max(1, days) - 1)


def closeout_number(year: int, seq: int, round_tag: str = "") -> str:
    """The close-out number as the city writes it: 销号〔2026〕第12号.  A second round in
    the same year keeps its own sequence, so its numbers carry the round's tag."""
    return f"销号〔{year}〕{round_tag}第{seq}号"


def next_seq(used: Sequence[int | None]) -> int:
    return max((n for n in used if n is not None), default=0) + 1


def out_of_order(steps: Sequence[tuple[Msg, date | None]]) -> list[Msg]:
    """Each pair of neighbouring steps dated out of order (a later step before an
    earlier one); steps without a date are skipped."""
    dated = [(name, d) for name, d in steps if d is not None]
    bad: list[Msg] = []
    for (a, da), (b, db) in pairwise(dated):
        if db < da:
            bad.append(Msg(f"{b.zh}日期（{cn_date(db)}）早于{a.zh}日期（{cn_date(da)}）。",
                           f"The {b.en} ({db}) is dated before the {a.en} ({da})."))
    return bad


@dataclass(frozen=True)
class StepLine:
    """One step of the procedure as the task window shows it."""

    key: str
    label: Msg
    state: str  # done | failed | current | waiting
    on: date | None = None
    actor: str = ""
    note: str = ""


STEP_KEYS = ("self_check", "request", "city_acceptance", "notice", "closeout", "certificate")


@dataclass(frozen=True)
class ProcedureFacts:
    """What happened so far on the task's current round of the procedure."""

    today: date
    self_check: tuple[date, str, str] | None = None  # date, who, opinion
    request: tuple[date, str] | None = None  # date, who
    acceptance: tuple[date, str, bool, str] | None = None  # date, inspectors, passed, opinion
    notice: tuple[date, date] | None = None
    open_objections: int = 0
    decision: tuple[date, str, bool, str] | None = None  # date, who, approved, number/reasons
    certificate: tuple[date, str] | None = None


def procedure_line(f: ProcedureFacts) -> list[StepLine]:
    """The six steps with their dates and actors; the first step not yet done is the
    current one, those after it are waiting."""
    lines: list[StepLine] = []
    current_given = False

    def add(key: str, done: bool, on: date | None = None, actor: str = "", note: str = "",
            failed: bool = False) -> None:
        nonlocal current_given
        if failed:
            state = "failed"
            current_given = True
        elif done:
            state = "done"
        elif not current_given:
            state, current_given = "current", True
        else:
            state = "waiting"
        lines.append(StepLine(key, STEP_LABELS[key], state, on, actor, note))

    sc, rq, acc, nt, dec = f.self_check, f.request, f.acceptance, f.notice, f.decision
    add("self_check", sc is not None, *(sc or (None, "", "")))
    add("request", rq is not None, *(rq or (None, "")))
    if acc is None:
        add("city_acceptance", False)
    else:
        add("city_acceptance", acc[2], acc[0], acc[1], acc[3], failed=not acc[2])
    if nt is None:
        add("notice", False)
    else:
        over = f.today > nt[1] and f.open_objections == 0
        note = f"{cn_date(nt[0])}至{cn_date(nt[1])}"
        if f.open_objections:
            note += f"，{f.open_objections}条异议待处理"
        add("notice", over, nt[0], f"至 {nt[1].isoformat()}", note)
    if dec is None:
        add("closeout", False)
    else:
        add("closeout", dec[2], dec[0], dec[1], dec[3], failed=not dec[2])
    cert = f.certificate
    add("certificate", cert is not None, *(cert or (None, "")))
    return lines
