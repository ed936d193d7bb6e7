"""close-out procedure: city acceptance, public notice, objections, allocated numbers;
petitions as cases (due date, closing, reply, follow-up, repeats, 举一反三)

Revision ID: 0002_closeout
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_closeout"
down_revision = "0002_supervise"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("petition", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reply", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("replied_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("satisfaction", sa.String(length=8), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("repeat_of", sa.String(length=64), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("similar_found", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("similar_fixed", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("similar_note", sa.Text(), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("closeout_decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("number_seq", sa.Integer(), nullable=True))
    op.create_index("uq_closeout_decision_number", "closeout_decision", ["closeout_number"],
                    unique=True, sqlite_where=sa.text("closeout_number != ''"))

    op.create_table(
        "city_acceptance",
        sa.Column("task_uuid", sa.String(length=36), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("inspectors", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(["request_uuid"], ["closeout_request.uuid"],
                                name=op.f("fk_city_acceptance_request_uuid_closeout_request")),
        sa.ForeignKeyConstraint(["task_uuid"], ["task.uuid"],
                                name=op.f("fk_city_acceptance_task_uuid_task")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_city_acceptance")),
    )
    op.create_index(op.f("ix_city_acceptance_owner"), "city_acceptance", ["owner"])
    op.create_index(op.f("ix_city_acceptance_task_uuid"), "city_acceptance", ["task_uuid"])
    op.create_index(op.f("ix_city_acceptance_request_uuid"), "city_acceptance",
                    ["request_uuid"])

    op.create_table(
        "public_notice",
        sa.Column("task_uuid", sa.String(length=36), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(["request_uuid"], ["closeout_request.uuid"],
                                name=op.f("fk_public_notice_request_uuid_closeout_request")),
        sa.ForeignKeyConstraint(["task_uuid"], ["task.uuid"],
                                name=op.f("fk_public_notice_task_uuid_task")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_public_notice")),
    )
    op.create_index(op.f("ix_public_notice_owner"), "public_notice", ["owner"])
    op.create_index(op.f("ix_public_notice_task_uuid"), "public_notice", ["task_uuid"])
    op.create_index(op.f("ix_public_notice_request_uuid"), "public_notice", ["request_uuid"])

    op.create_table(
        "notice_objection",
        sa.Column("notice_uuid", sa.String(length=36), nullable=False),
        sa.Column("task_uuid", sa.String(length=36), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("handling", sa.Text(), nullable=False),
        sa.Column("handled_on", sa.Date(), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(["notice_uuid"], ["public_notice.uuid"],
                                name=op.f("fk_notice_objection_notice_uuid_public_notice")),
        sa.ForeignKeyConstraint(["task_uuid"], ["task.uuid"],
                                name=op.f("fk_notice_objection_task_uuid_task")),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_notice_objection")),
    )
    op.create_index(op.f("ix_notice_objection_owner"), "notice_objection", ["owner"])
    op.create_index(op.f("ix_notice_objection_task_uuid"), "notice_objection", ["task_uuid"])
    op.create_index(op.f("ix_notice_objection_notice_uuid"), "notice_objection",
                    ["notice_uuid"])


def downgrade() -> None:
    with op.batch_alter_table("petition", schema=None) as batch_op:
        for name in ("similar_note", "similar_fixed", "similar_found", "repeat_of",
                     "satisfaction", "follow_up_on", "replied_on", "reply", "closed_on",
                     "due_date"):
            batch_op.drop_column(name)
    op.drop_table("notice_objection")
    op.drop_table("public_notice")
    op.drop_table("city_acceptance")
    op.drop_index("uq_closeout_decision_number", table_name="closeout_decision")
    with op.batch_alter_table("closeout_decision", schema=None) as batch_op:
        batch_op.drop_column("number_seq")
        batch_op.drop_column("number_year")
