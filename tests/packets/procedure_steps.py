"""The city's steps before it may approve a close-out (市级验收, 公示), for tests that
need an approval and are about something else."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from desktop.services import procedure


def accept_and_publish(s: Session, city_code: str, task_uuid: str, today: date) -> date:
    """The city accepts the task's open request on the day it was requested and
    publishes it for 7 days from then; returns the first day it may be approved."""
    req = procedure.open_request(s, task_uuid)
    assert req is not None
    procedure.record_city_acceptance(s, task_uuid, city_code, today=today,
                                     accepted_on=req.requested_on, inspectors="市整改办验收组",
                                     method="onsite", opinion="同意通过验收。", passed=True)
    s.flush()
    notice = procedure.start_notice(s, task_uuid, city_code, starts_on=req.requested_on, days=7)
    return notice.ends_on + timedelta(days=1)
