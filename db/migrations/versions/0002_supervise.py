"""the city's supervision desk: notices and replies, accountability, rankings, light history

Revision ID: 0002_supervise
Revises: 0001
Create Date: 2026-12-04 11:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_supervise"
down_revision = "0001"
branch_labels = None
depends_on = None


def _record() -> list[sa.Column]:
    return [
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "supervision_notice",
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("task_uuid", sa.String(length=36), nullable=True),
        sa.Column("petition_uuid", sa.String(length=36), nullable=True),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("escalated_from", sa.String(length=36), nullable=True),
        *_record(),
        sa.ForeignKeyConstraint(["petition_uuid"], ["petition.uuid"],
                                name=op.f("fk_supervision_notice_petition_uuid_petition")),
        sa.ForeignKeyConstraint(["task_uuid"], ["task.uuid"],
                                name=op.f("fk_supervision_notice_task_uuid_task")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_supervision_notice")),
        sa.UniqueConstraint("number", name=op.f("uq_supervision_notice_number")),
    )
    op.create_index(op.f("ix_supervision_notice_owner"), "supervision_notice", ["owner"])
    op.create_index(op.f("ix_supervision_notice_unit_code"), "supervision_notice", ["unit_code"])
    op.create_index(op.f("ix_supervision_notice_task_uuid"), "supervision_notice", ["task_uuid"])
    op.create_table(
        "supervision_reply",
        sa.Column("notice_uuid", sa.String(length=36), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        *_record(),
        sa.ForeignKeyConstraint(["notice_uuid"], ["supervision_notice.uuid"],
                                name=op.f("fk_supervision_reply_notice_uuid_supervision_notice")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_supervision_reply")),
    )
    op.create_index(op.f("ix_supervision_reply_owner"), "supervision_reply", ["owner"])
    op.create_index(op.f("ix_supervision_reply_notice_uuid"), "supervision_reply",
                    ["notice_uuid"])
    op.create_table(
        "accountability_action",
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=100), nullable=False),
        sa.Column("post", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("document_number", sa.String(length=64), nullable=False),
        sa.Column("task_uuid", sa.String(length=36), nullable=True),
        *_record(),
        sa.ForeignKeyConstraint(["task_uuid"], ["task.uuid"],
                                name=op.f("fk_accountability_action_task_uuid_task")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_accountability_action")),
    )
    op.create_index(op.f("ix_accountability_action_owner"), "accountability_action", ["owner"])
    op.create_index(op.f("ix_accountability_action_unit_code"), "accountability_action",
                    ["unit_code"])
    op.create_table(
        "ranking_entry",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        *_record(),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_ranking_entry")),
        sa.UniqueConstraint("period", "unit_code", name=op.f("uq_ranking_entry_period")),
    )
    op.create_index(op.f("ix_ranking_entry_owner"), "ranking_entry", ["owner"])
    op.create_table(
        "light_snapshot",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("task_uuid", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("light", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("days_overdue", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("period", "task_uuid", name=op.f("pk_light_snapshot")),
    )
    op.create_index(op.f("ix_light_snapshot_unit_code"), "light_snapshot", ["unit_code"])


def downgrade() -> None:
    for table in ("light_snapshot", "ranking_entry", "accountability_action",
                  "supervision_reply", "supervision_notice"):
        op.drop_table(table)
