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
    # Named in the refusals of the door's check of every stored value.
    "name": ("名称", "Name"),
    "short_name": ("简称", "Short name"),
    "title": ("任务名称", "Title"),
    "feedback": ("反馈问题", "Problem as fed back"),
    "reason": ("理由", "Reason"),
    "reasons": ("理由", "Reasons"),
    "team": ("督察组", "Inspection team"),
    "feedback_date": ("反馈日期", "Feedback date"),
    "onsite_start": ("进驻开始日期", "First day on site"),
    "onsite_end": ("进驻结束日期", "Last day on site"),
    "plan_issued": ("方案印发日期", "Plan issued on"),
    "deadline": ("整改时限", "Deadline"),
    "new_deadline": ("延期至", "New deadline"),
    "requested_on": ("申请日期", "Requested on"),
    "lead_official": ("责任人", "Lead official"),
    "category": ("类别", "Category"),
    "opinion": ("意见", "Opinion"),
    "note": ("说明", "Note"),
    "text": ("内容", "Text"),
    "reply": ("答复", "Reply"),
    "measures": ("措施", "Measures"),
    "handling": ("办理情况", "Handling"),
    "result": ("办理结果", "Result"),
    "caption": ("说明", "Caption"),
    "location": ("地点", "Location"),
    "responsible": ("责任人/单位", "Responsible"),
    "person": ("责任人", "Person"),
    "contact": ("联系方式", "Contact"),
    "basis": ("依据", "Basis"),
    "unit_of_measure": ("计量单位", "Unit of measure"),
    "value": ("数值", "Value"),
    "inspector": ("检查人", "Inspector"),
    "inspectors": ("验收人员", "Inspectors"),
    "findings": ("发现的问题", "Findings"),
    "content": ("信访内容", "Content"),
    "number": ("任务编号", "Task number"),
    "case_no": ("案件编号", "Case number"),
    "received_date": ("受理日期", "Received on"),
    "similar_found": ("举一反三发现数", "Similar problems found"),
    "similar_fixed": ("举一反三整改数", "Similar problems fixed"),
    "similar_note": ("举一反三情况", "Similar problems"),
    "substantiated": ("是否属实", "Substantiated"),
    "satisfaction": ("满意度", "Satisfaction"),
    "closed_on": ("办结日期", "Closed on"),
    "replied_on": ("答复日期", "Replied on"),
    "follow_up_on": ("回访日期", "Followed up on"),
    "complainant_name": ("举报人", "Complainant"),
    "complainant_phone": ("举报人电话", "Complainant's phone"),
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
