"""The stricter close-out checklist (domain/closeout.checklist): every refusal named,
and the procedure's steps, dates and numbers."""

from __future__ import annotations

from datetime import date

from desktop.domain.closeout import (
    CityFacts,
    EffectFacts,
    MeasureFacts,
    ProcedureFacts,
    checklist,
    closeout_number,
    next_seq,
    notice_end,
    out_of_order,
    procedure_line,
)
from desktop.i18n import Msg

DONE = date(2026, 10, 20)
MEASURES = [MeasureFacts("拆除违建", True, date(2026, 9, 1)), MeasureFacts("复绿", True, DONE)]
GOOD = [EffectFacts("PM2.5浓度", 40.0, 1, 45.0, False, "μg/m³"),
        EffectFacts("达标率", 100.0, 1, 95.0, True, "%")]
CITY_OK = CityFacts(today=date(2026, 11, 20), acceptance_on=date(2026, 11, 2),
                    acceptance_passed=True, notice_starts=date(2026, 11, 5),
                    notice_ends=date(2026, 11, 11))


def codes(**kw: object) -> list[str]:
    args: dict[str, object] = {"measures": MEASURES, "effects": GOOD, "acceptance_passed": True,
                               "acceptance_on": date(2026, 10, 25), "city": CITY_OK}
    args.update(kw)
    return [u.code for u in checklist(**args)]  # type: ignore[arg-type]


def test_everything_met_passes() -> None:
    assert codes() == []


def test_target_missed_when_higher_is_better() -> None:
    effect = EffectFacts("污水收集率", 46.0, 1, 100.0, True, "%")
    unmet = checklist(MEASURES, [effect], True)
    assert [u.code for u in unmet] == ["effect_missed"]
    assert "实际 46%，目标 ≥100%" in unmet[0].msg.zh


def test_target_missed_when_lower_is_better() -> None:
    effect = EffectFacts("PM2.5浓度", 52.0, 1, 45.0, False, "μg/m³")
    unmet = checklist(MEASURES, [effect], True)
    assert [u.code for u in unmet] == ["effect_missed"]
    assert "目标 ≤45μg/m³" in unmet[0].msg.zh


def test_target_met_exactly_in_either_direction() -> None:
    assert checklist(MEASURES, [EffectFacts("a", 45.0, 1, 45.0, False),
                                EffectFacts("b", 95.0, 1, 95.0, True)], True) == []


def test_effect_without_target_is_named() -> None:
    assert codes(effects=[EffectFacts("水质", 3.0, 1, None)]) == ["effect_target"]


def test_self_check_before_the_last_measure() -> None:
    assert codes(acceptance_on=date(2026, 10, 19)) == ["self_check_early"]
    assert codes(acceptance_on=DONE) == []  # the same day is in order


def test_city_acceptance_before_the_last_measure() -> None:
    early = CityFacts(**{**CITY_OK.__dict__, "acceptance_on": date(2026, 10, 1)})
    unmet = checklist(MEASURES, GOOD, True, city=early)
    assert [u.code for u in unmet] == ["city_acceptance_early"]
    assert "2026年10月1日" in unmet[0].msg.zh and "2026年10月20日" in unmet[0].msg.zh


def test_notice_not_over() -> None:
    running = CityFacts(**{**CITY_OK.__dict__, "today": date(2026, 11, 11)})
    unmet = checklist(MEASURES, GOOD, True, city=running)
    assert [u.code for u in unmet] == ["notice_running"]
    assert "公示期未满（2026年11月5日至2026年11月11日）" in unmet[0].msg.zh
    over = CityFacts(**{**CITY_OK.__dict__, "today": date(2026, 11, 12)})
    assert checklist(MEASURES, GOOD, True, city=over) == []


def test_objection_open() -> None:
    pending = CityFacts(**{**CITY_OK.__dict__, "open_objections": ("堆场仍有扬尘",)})
    unmet = checklist(MEASURES, GOOD, True, city=pending)
    assert [u.code for u in unmet] == ["objection_open"]
    assert "堆场仍有扬尘" in unmet[0].msg.zh


def test_linked_petition_open() -> None:
    unmet = checklist(MEASURES, GOOD, True, open_petitions=["冀督信2026-017"])
    assert [u.code for u in unmet] == ["petition_open"]
    assert "冀督信2026-017" in unmet[0].msg.zh


def test_open_supervision_hook() -> None:
    assert [u.code for u in checklist(MEASURES, GOOD, True, open_supervisions=["督办〔2026〕3号"])
            ] == ["supervision_open"]


def test_city_steps_missing_or_failed() -> None:
    assert codes(city=CityFacts(today=date(2026, 11, 20))) == ["no_city_acceptance", "no_notice"]
    failed = CityFacts(**{**CITY_OK.__dict__, "acceptance_passed": False})
    assert codes(city=failed) == ["city_acceptance_failed"]


def test_every_refusal_named_at_once() -> None:
    many = codes(effects=[EffectFacts("a", 1.0, 0, 2.0)], acceptance_on=date(2026, 1, 1),
                 open_petitions=["X"], city=CityFacts(today=date(2026, 11, 20)))
    assert many == ["effect_missed", "effect_evidence", "self_check_early", "petition_open",
                    "no_city_acceptance", "no_notice"]


def test_notice_period_and_numbers() -> None:
    assert notice_end(date(2026, 12, 4), 7) == date(2026, 12, 10)
    assert closeout_number(2026, 12) == "销号〔2026〕第12号"
    assert closeout_number(2026, 3, "第2轮") == "销号〔2026〕第2轮第3号"
    assert next_seq([]) == 1 and next_seq([None, 4, 2]) == 5


def test_dates_out_of_order_named() -> None:
    a, b, c = Msg("自查", "self-check"), Msg("申请销号", "request"), Msg("验收", "acceptance")
    bad = out_of_order([(a, date(2026, 11, 3)), (b, date(2026, 11, 2)), (c, None)])
    assert [m.zh for m in bad] == ["申请销号日期（2026年11月2日）早于自查日期（2026年11月3日）。"]


def test_procedure_line() -> None:
    line = procedure_line(ProcedureFacts(
        today=date(2026, 11, 8), self_check=(date(2026, 11, 1), "张三", "已整改到位"),
        request=(date(2026, 11, 2), "莲池区整改办"),
        acceptance=(date(2026, 11, 3), "市验收组", True, "同意"),
        notice=(date(2026, 11, 4), date(2026, 11, 10)), open_objections=1))
    assert [(s.key, s.state) for s in line] == [
        ("self_check", "done"), ("request", "done"), ("city_acceptance", "done"),
        ("notice", "current"), ("closeout", "waiting"), ("certificate", "waiting")]
    assert line[3].note == "2026年11月4日至2026年11月10日，1条异议待处理"
    failed = procedure_line(ProcedureFacts(
        today=date(2026, 11, 8), self_check=(date(2026, 11, 1), "张三", ""),
        request=(date(2026, 11, 2), "x"),
        acceptance=(date(2026, 11, 3), "市验收组", False, "监测数据不全")))
    assert failed[2].state == "failed" and failed[3].state == "waiting"


def test_settings_notice_days_and_ongoing_revisits() -> None:
    from desktop.domain.settings import DeskSettings, validate

    assert DeskSettings().notice_days == 7 and DeskSettings().ongoing_revisit_months == 6
    assert validate("notice_days", 10) is None and validate("notice_days", 0) is not None
    assert validate("ongoing_revisit_months", 0) is not None
    assert validate("ongoing_revisit_months", 6) is None
