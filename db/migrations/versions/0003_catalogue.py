"""the task catalogue edited by the city: a task copy keeps the plan's measures (so a
changed plan reaches the starting measure rows) and why it was withdrawn from its unit

Revision ID: 0003_catalogue
Revises: 0002_plan
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_catalogue"
down_revision = "0002_plan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_measures", sa.JSON(), nullable=False,
                                      server_default="[]"))
        batch_op.add_column(sa.Column("withdrawn", sa.String(length=200), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("withdrawn")
        batch_op.drop_column("plan_measures")
