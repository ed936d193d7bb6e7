"""Tables as the clerk knows them (措施清单, not measure): the one mapping, used by the
task history, packet import reports and messages about unreadable stored values."""

from __future__ import annotations

TABLE_LABELS: dict[str, tuple[str, str]] = {
    "task": ("任务", "Task"),
    "problem": ("问题清单", "Problem list"),
    "measure": ("措施清单", "Measure list"),
    "responsibility": ("责任清单", "Responsibility list"),
    "effect": ("效果清单", "Effect list"),
    "progress": ("月度进展", "Progress"),
    "evidence": ("佐证材料", "Evidence"),
    "acceptance": ("自查验收", "Self-check"),
    "city_acceptance": ("市级验收", "City acceptance"),
    "public_notice": ("销号公示", "Public notice"),
    "notice_objection": ("公示异议", "Notice objection"),
    "closeout_request": ("销号申请", "Close-out request"),
    "closeout_decision": ("销号决定", "Close-out decision"),
    "extension": ("延期", "Extension"),
    "revisit": ("回头看", "Revisit"),
    "petition": ("信访件", "Petition"),
    "period_declaration": ("月报声明", "Monthly declaration"),
    "indicator_value": ("指标数值", "Indicator value"),
    "org_unit": ("单位", "Unit"),
    "inspection_round": ("督察批次", "Inspection round"),
    "indicator": ("指标", "Indicator"),
    "period_lock": ("月份锁定", "Period lock"),
    "supervision_notice": ("督办单", "Supervision notice"),
    "supervision_reply": ("督办回复", "Supervision reply"),
    "accountability_action": ("问责", "Accountability action"),
    "certificate": ("销号证书", "Certificate"),
    "ranking_entry": ("排名", "Ranking"),
    "light_snapshot": ("红黄绿灯记录", "Light history"),
    "setting": ("设置", "Setting"),
    "desk": ("本台账", "Desk"),
    "trusted_key": ("信任的公钥", "Trusted key"),
    "packet_record": ("报送包记录", "Packet record"),
}


# Field labels for messages next to the field: (中文, English).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "description": ("内容", "Description"),
    "unit_name": ("责任单位", "Unit"),
    "indicator": ("指标", "Indicator"),
    "planned_date": ("计划完成日期", "Planned date"),
    "done_date": ("完成日期", "Done date"),
    "percent": ("完成比例", "Percent complete"),
    "period": ("月份", "Period"),
    "baseline": ("基准值", "Baseline"),
    "target": ("目标值", "Target"),
    "achieved": ("实际值", "Achieved"),
    "narrative": ("进展情况", "Progress"),
    "difficulties": ("存在问题", "Difficulties"),
    "next_steps": ("下步计划", "Next steps"),
}
# Stored columns a message may name that no clerk's form labels.
_COLUMN_WORDS: dict[str, tuple[str, str]] = {
    "deadline": ("整改时限", "Deadline"),
    "new_deadline": ("延期后时限", "New deadline"),
    "previous_deadline": ("原时限", "Previous deadline"),
    "value": ("数值", "Value"),
    "score": ("得分", "Score"),
    "relative_target": ("相对目标", "Relative target"),
}


def column_words(name: str) -> tuple[str, str]:
    return FIELD_LABELS.get(name) or _COLUMN_WORDS.get(name) or (name, name)


def label(name: str) -> tuple[str, str]:
    """(Chinese, English) words for a table; the table name itself if unknown."""
    return TABLE_LABELS.get(name, (name, name))
