"""What each kind of packet carries, and who may change what.

Ownership settles every merge (DESIGN §3): a record's ``owner`` column names the only
desk allowed to change it. Two tables are shared field by field: a task is the city's
catalogue entry but its status moves with county events, and a petition is handed over
by the city but handled by the county. For those the county sends only its fields.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    AuditEntry,
    CityAcceptance,
    CloseoutDecision,
    CloseoutRequest,
    Effect,
    Evidence,
    Extension,
    Indicator,
    IndicatorValue,
    InspectionRound,
    Measure,
    NoticeObjection,
    OrgUnit,
    PeriodDeclaration,
    PeriodLock,
    Petition,
    Problem,
    Progress,
    PublicNotice,
    RankingEntry,
    Record,
    Responsibility,
    Revisit,
    SupervisionNotice,
    SupervisionReply,
    Task,
)
from desktop.domain.rights import SHARED_COUNTY_FIELDS  # one table, with the door's
from desktop.packets.wire import encode_row

__all__ = [
    "CITY_TABLES",
    "COUNTY_TABLES",
    "JOIN_ORDER",
    "SHARED_COUNTY_FIELDS",
    "city_snapshot",
    "county_snapshot",
]

# Tables a county sends whole (its own records), parents before children so that an
# insert never waits for a record further down the list.
COUNTY_TABLES: tuple[type[Record], ...] = (
    Petition,
    Problem,
    Measure,
    Responsibility,
    Effect,
    Progress,
    PeriodDeclaration,
    Extension,
    Acceptance,
    CloseoutRequest,
    Revisit,
    IndicatorValue,
    SupervisionReply,
    Evidence,
)
# Tables a city sends, same order rule.
CITY_TABLES: tuple[type[Record], ...] = (
    OrgUnit,
    InspectionRound,
    Indicator,
    Task,
    # The plan's starting rows of the county's four lists, made at the city with the
    # catalogue (services/catalogue.py): county-owned, added there once.
    Problem,
    Measure,
    Responsibility,
    Effect,
    Petition,
    Extension,
    CloseoutDecision,
    CityAcceptance,
    PublicNotice,
    NoticeObjection,
    PeriodLock,
    Revisit,
    SupervisionNotice,
    RankingEntry,
)
# A city packet that also carries the county's own records as the city holds them
# (manifest.COUNTY_COPY_KEY, for a county desk joining afresh) is merged table by table
# in this order: both kinds of every table, parents before children (a city decision
# after the county's request it answers, a county's reply after the city's notice).
JOIN_ORDER: tuple[type[Record], ...] = (
    OrgUnit,
    InspectionRound,
    Indicator,
    Task,
    Petition,
    Problem,
    Measure,
    Responsibility,
    Effect,
    Progress,
    PeriodDeclaration,
    Extension,
    Acceptance,
    CloseoutRequest,
    CloseoutDecision,
    CityAcceptance,
    PublicNotice,
    NoticeObjection,
    PeriodLock,
    Revisit,
    IndicatorValue,
    SupervisionNotice,
    SupervisionReply,
    Evidence,
    RankingEntry,
)


def _rows(session: Session, model: type[Record], *where: Any) -> list[dict[str, Any]]:
    table = model.__table__
    query = select(table).where(*where).order_by(table.c.uuid)
    return [encode_row(table, row) for row in session.execute(query).mappings()]  # type: ignore[arg-type]


Rows = dict[str, list[Any]]


def county_snapshot(session: Session, code: str) -> tuple[Rows, Rows]:
    """Everything ``code`` owns (whole records) and its fields of shared records."""
    tables = {m.__tablename__: _rows(session, m, m.owner == code) for m in COUNTY_TABLES}
    shared: dict[str, list[Any]] = {}
    for name, model, where in (
        ("task", Task, (Task.unit_code == code,)),
        ("petition", Petition, (Petition.unit_code == code, Petition.owner != code)),
    ):
        keep = {"uuid", *SHARED_COUNTY_FIELDS[name]}
        shared[name] = [
            {k: v for k, v in row.items() if k in keep} for row in _rows(session, model, *where)
        ]
    return tables, shared


def _made_here(model: type[Record]) -> Any:
    """Records this desk made itself (the catalogue's starting rows), not those a
    county's packet brought (audit actor "import", merge.IMPORT_ACTOR): only the
    former go back to the county."""
    return select(AuditEntry.record_uuid).where(
        AuditEntry.table_name == model.__tablename__, AuditEntry.action == "insert",
        AuditEntry.actor != "import")


def city_snapshot(session: Session, city: str, county: str) -> dict[str, list[Any]]:
    """The city's records for one county: its catalogue part, decisions, locks, its own
    revisits of the county's tasks and petitions, and the county's records born at the
    city (handed-over petitions, scheduled revisits)."""
    county_tasks = select(Task.uuid).where(Task.unit_code == county)
    applied_tasks = select(Task.uuid).where(Task.unit_code == county, Task.withdrawn == "")
    county_petitions = select(Petition.uuid).where(Petition.unit_code == county)
    return {
        "org_unit": _rows(session, OrgUnit, OrgUnit.owner == city),
        "inspection_round": _rows(session, InspectionRound, InspectionRound.owner == city),
        "indicator": _rows(session, Indicator, Indicator.owner == city),
        "task": _rows(session, Task, Task.unit_code == county, Task.owner == city),
        # Starting rows of copies still applied (a withdrawn copy needs none).
        **{m.__tablename__: _rows(session, m, m.task_uuid.in_(applied_tasks),
                                  m.owner == county, m.uuid.in_(_made_here(m)))
           for m in (Problem, Measure, Responsibility, Effect)},
        "petition": _rows(
            session, Petition, Petition.unit_code == county, Petition.owner.in_([city, county])
        ),
        # The city's own extensions, and the county's requests with the city's decision
        # (rights.DECIDED_BY_CITY fields).
        "extension": _rows(
            session, Extension, Extension.task_uuid.in_(county_tasks),
            or_(Extension.owner == city,
                and_(Extension.owner == county, Extension.decided_on.is_not(None))),
        ),
        "closeout_decision": _rows(
            session, CloseoutDecision, CloseoutDecision.task_uuid.in_(county_tasks),
            CloseoutDecision.owner == city,
        ),
        **{m.__tablename__: _rows(session, m, m.task_uuid.in_(county_tasks), m.owner == city)
           for m in (CityAcceptance, PublicNotice, NoticeObjection)},
        "period_lock": _rows(
            session, PeriodLock, PeriodLock.unit_code == county, PeriodLock.owner == city
        ),
        "supervision_notice": _rows(
            session, SupervisionNotice, SupervisionNotice.unit_code == county,
            SupervisionNotice.owner == city),
        "ranking_entry": _rows(
            session, RankingEntry, RankingEntry.unit_code == county, RankingEntry.owner == city),
        "revisit": _rows(
            session, Revisit, Revisit.owner.in_([city, county]),
            or_(Revisit.task_uuid.in_(county_tasks), Revisit.petition_uuid.in_(county_petitions)),
        ),
    }
