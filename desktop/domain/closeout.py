"""The close-out checklist: what must be true before a task may be closed out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.i18n import Msg


@dataclass(frozen=True)
class MeasureFacts:
    text: str
    done: bool


@dataclass(frozen=True)
class EffectFacts:
    indicator: str
    achieved: float | None
    evidence_count: int


@dataclass(frozen=True)
class Unmet:
    code: str
    msg: Msg

    def __str__(self) -> str:
        return str(self.msg)


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def checklist(
    measures: Sequence[MeasureFacts],
    effects: Sequence[EffectFacts],
    acceptance_passed: bool | None,
    rebound_since_acceptance: bool = False,
) -> list[Unmet]:
    """Every unmet condition, each named; an empty list means the task may close out.
    ``acceptance_passed`` is the latest acceptance check's result, None if none; an
    acceptance older than a rebound found at a revisit no longer counts."""
    unmet: list[Unmet] = []
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
    return unmet
