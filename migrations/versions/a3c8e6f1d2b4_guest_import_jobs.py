"""Guest import jobs: large imports invited in the background, in batches

Revision ID: a3c8e6f1d2b4
Revises: b7d1e3f5a902
Create Date: 2026-11-26 11:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a3c8e6f1d2b4"
down_revision = "b7d1e3f5a902"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "guest_import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dinner_id", sa.Integer(), nullable=False),
        sa.Column("running_dinner_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("guests", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("already", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["dinner_id"], ["dinner.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("running_dinner_id"),
    )
    op.create_index(
        op.f("ix_guest_import_job_dinner_id"), "guest_import_job", ["dinner_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_guest_import_job_dinner_id"), table_name="guest_import_job")
    op.drop_table("guest_import_job")
