"""The supervision desk's plain rules: the ladder, numbers, the score and places."""

from __future__ import annotations

from datetime import date

from desktop.domain import supervision as rules


def test_the_ladder_goes_up_one_step_and_stops_at_interview() -> None:
    assert [rules.next_level(x) for x in rules.LEVELS] == [
        "supervise", "listed", "interview", None]
    assert rules.check_level("warn") is not None and rules.check_level("listed") is None


def test_notice_number_and_overdue_reply() -> None:
    assert rules.notice_number(2026, 3) == "督办〔2026〕3号"
    due = date(2026, 12, 10)
    assert rules.reply_overdue(due, False, "open", date(2026, 12, 11))
    assert not rules.reply_overdue(due, False, "open", date(2026, 12, 10))  # the day itself
    assert not rules.reply_overdue(due, True, "open", date(2026, 12, 11))
    assert not rules.reply_overdue(due, False, "closed", date(2026, 12, 11))


def test_score_by_hand() -> None:
    # 60 + 40 * 10/40 = 70; less 2*3 red, 3*1 red 3 months, 5*1 late report = 56.
    figures = {"applicable": 40, "closed": 10, "red": 3, "red_3m": 1, "late_reports": 1}
    assert rules.score(figures) == 56.0
    assert rules.score(figures, {"red": 0}) == 62.0  # the weights are a setting
    assert rules.score({"applicable": 10, "closed": 0, "red": 100}) == 0.0  # never below 0


def test_equal_scores_share_a_place() -> None:
    assert rules.ranks({"a": 80, "b": 90, "c": 80, "d": 10}) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_sham_rectification_words() -> None:
    assert rules.is_sham("现场核查发现存在表面整改问题")
    assert not rules.is_sham("资料不全，补充后再验")
