"""hardening: mail retry window, body retention, guest data deletion and dinner retention

Revision ID: e4b9d2a7c615
Revises: c1a7e0f3b2d4
Create Date: 2026-11-26 06:10:00

"""

from alembic import op
import sqlalchemy as sa


revision = "e4b9d2a7c615"
down_revision = "f7a3c5e9d1b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_attempt_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("body_purged_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("dinner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_anonymised_at", sa.DateTime(), nullable=True))
    # Tokens minted before expiry existed keep working until the retention sweep or a new link.


def downgrade():
    with op.batch_alter_table("dinner", schema=None) as batch_op:
        batch_op.drop_column("data_anonymised_at")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("body_purged_at")
        batch_op.drop_column("first_attempt_at")
