"""The rules of the work: lights, periods, close-out checklist, transitions, revisits."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import periods
from desktop.domain.closeout import EffectFacts, MeasureFacts, checklist
from desktop.domain.dates import add_months
from desktop.domain.lights import Light, MeasureDates, effective_deadline, light
from desktop.domain.revisits import schedule
from desktop.domain.status import Status, can_move, check_move
from desktop.domain.validation import check_code, parse_date

D = date


class TestLight:
    def test_deadline_today_is_yellow_not_red(self) -> None:
        assert light("in_progress", D(2026, 5, 1), D(2026, 5, 1)) is Light.YELLOW

    def test_day_after_deadline_is_red(self) -> None:
        assert light("in_progress", D(2026, 5, 1), D(2026, 5, 2)) is Light.RED

    def test_window_edges(self) -> None:
        dl = D(2026, 5, 31)
        assert light("in_progress", dl, D(2026, 5, 1), window_days=30) is Light.YELLOW
        assert light("in_progress", dl, D(2026, 4, 30), window_days=30) is Light.GREEN
        assert light("in_progress", dl, D(2026, 4, 30), window_days=31) is Light.YELLOW

    def test_closed_out_has_no_light_even_when_late(self) -> None:
        assert light("closed_out", D(2020, 1, 1), D(2026, 1, 1)) is Light.NONE

    def test_requested_but_late_is_still_red(self) -> None:
        assert light("closeout_requested", D(2026, 1, 1), D(2026, 1, 2)) is Light.RED

    def test_overdue_measure_makes_yellow(self) -> None:
        today = D(2026, 3, 1)
        late = [MeasureDates(D(2026, 2, 28), None)]
        done = [MeasureDates(D(2026, 2, 28), D(2026, 2, 27))]
        assert light("in_progress", D(2027, 1, 1), today, late) is Light.YELLOW
        assert light("in_progress", D(2027, 1, 1), today, done) is Light.GREEN
        due_today = [MeasureDates(today, None)]
        assert light("in_progress", D(2027, 1, 1), today, due_today) is Light.GREEN

    def test_ongoing_task_is_never_red(self) -> None:
        assert light("in_progress", None, D(2030, 1, 1)) is Light.GREEN
        late = [MeasureDates(D(2029, 1, 1), None)]
        assert light("in_progress", None, D(2030, 1, 1), late) is Light.YELLOW

    def test_extension_moves_the_deadline(self) -> None:
        dl = effective_deadline(D(2026, 1, 31), [D(2026, 4, 30), D(2026, 3, 31)])
        assert dl == D(2026, 4, 30)
        assert light("in_progress", dl, D(2026, 2, 15)) is Light.GREEN
        assert effective_deadline(D(2026, 1, 31), []) == D(2026, 1, 31)
        assert effective_deadline(None, []) is None


class TestPeriods:
    def test_due_date_following_month(self) -> None:
        assert periods.due_date("2026-01", 5) == D(2026, 2, 5)
        assert periods.due_date("2026-12", 5) == D(2027, 1, 5)
        assert periods.due_date("2024-01", 28) == D(2024, 2, 28)

    def test_next_report_switches_after_due_day(self) -> None:
        assert periods.next_report(D(2026, 12, 5)) == ("2026-11", D(2026, 12, 5))
        assert periods.next_report(D(2026, 12, 6)) == ("2026-12", D(2027, 1, 5))
        assert periods.next_report(D(2027, 1, 1)) == ("2026-12", D(2027, 1, 5))

    @pytest.mark.parametrize(
        "bad", ["2026-13", "2026-00", "26-01", "2026-1", "2026/01", "", "abcd-ef"]
    )
    def test_bad_periods(self, bad: str) -> None:
        with pytest.raises(ValueError):
            periods.parse_period(bad)

    def test_shift_and_range(self) -> None:
        assert periods.shift("2026-01", -1) == "2025-12"
        assert periods.periods_between("2025-11", "2026-02") == [
            "2025-11",
            "2025-12",
            "2026-01",
            "2026-02",
        ]


class TestMonths:
    def test_month_end_and_leap_day(self) -> None:
        assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
        assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
        assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
        assert add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
        assert add_months(D(2026, 3, 15), -3) == D(2025, 12, 15)

    def test_revisits_default_and_custom(self) -> None:
        assert schedule(D(2026, 1, 31)) == [D(2026, 4, 30), D(2027, 1, 31)]
        assert schedule(D(2024, 2, 29), (6,)) == [D(2024, 8, 29)]


class TestChecklist:
    def test_every_unmet_condition_is_named(self) -> None:
        unmet = checklist(
            [MeasureFacts("关停取缔散乱污企业", True), MeasureFacts("完成雨污分流改造工程", False)],
            [EffectFacts("水质达标率", None, 0)],
            None,
        )
        codes = [u.code for u in unmet]
        assert codes == ["measure_open", "effect_value", "effect_evidence", "no_acceptance"]
        assert "完成雨污分流改造工程" in str(unmet[0])

    def test_nothing_recorded(self) -> None:
        codes = [u.code for u in checklist([], [], False)]
        assert codes == ["no_measures", "no_effects", "acceptance_failed"]

    def test_rebound_needs_a_new_acceptance(self) -> None:
        unmet = checklist([MeasureFacts("a", True)], [EffectFacts("b", 1.0, 2, 1.0)], True, True)
        assert [u.code for u in unmet] == ["rebound"]

    def test_all_met(self) -> None:
        assert checklist([MeasureFacts("a", True)], [EffectFacts("b", 1.0, 2, 1.0)], True) == []


class TestTransitions:
    def test_county_cannot_close_out(self) -> None:
        assert not can_move(Status.CLOSEOUT_REQUESTED, Status.CLOSED_OUT, "county")
        assert can_move(Status.CLOSEOUT_REQUESTED, Status.CLOSED_OUT, "city")
        msg = check_move("not_started", "closed_out", "city")
        assert msg is not None and "未启动" in msg.zh and "Closed out" in msg.en

    def test_rebound_reopens(self) -> None:
        assert can_move(Status.CLOSED_OUT, Status.REOPENED, "county")
        assert not can_move(Status.CLOSED_OUT, Status.IN_PROGRESS, "county")


class TestValidation:
    @pytest.mark.parametrize(
        "text", ["2020-05-01", "2020年5月1日", "2020.5.1", "2020/5/1", " 2020 年 05 月 01 日 "]
    )
    def test_chinese_date_forms(self, text: str) -> None:
        assert parse_date(text) == D(2020, 5, 1)

    @pytest.mark.parametrize(
        "text", ["2026-02-30", "2025年2月29日", "2020-13-01", "5月1日", "昨天", ""]
    )
    def test_impossible_dates(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_date(text)

    def test_codes(self) -> None:
        assert check_code("130602") is None
        assert check_code("D01") is None
        assert check_code("a b") is not None
        assert check_code("") is not None
        assert check_code("../x") is not None
