"""a real plan from an empty desk: round kind and plan issue date, unit short name,
the city's decision on an extension, how an indicator is judged and aggregated

Revision ID: 0002_plan
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_plan"
down_revision = "0002_closeout"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=12), nullable=False,
                                      server_default="provincial"))
        batch_op.add_column(sa.Column("plan_issued", sa.Date(), nullable=True))
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_name", sa.String(length=100), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("relative_target", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("aggregation", sa.String(length=8), nullable=False,
                                      server_default="city"))
        batch_op.add_column(sa.Column("ratio_of", sa.JSON(), nullable=False,
                                      server_default="[]"))
        batch_op.add_column(sa.Column("reporting_units", sa.JSON(), nullable=False,
                                      server_default="[]"))
    with op.batch_alter_table("extension", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decision_note", sa.Text(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        for name in ("reporting_units", "ratio_of", "aggregation", "relative_target"):
            batch_op.drop_column(name)
    with op.batch_alter_table("extension", schema=None) as batch_op:
        batch_op.drop_column("decision_note")
        batch_op.drop_column("decided_on")
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.drop_column("short_name")
    with op.batch_alter_table("inspection_round", schema=None) as batch_op:
        batch_op.drop_column("plan_issued")
        batch_op.drop_column("kind")
