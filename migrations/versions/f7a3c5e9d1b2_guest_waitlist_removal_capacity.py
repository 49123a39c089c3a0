"""guests: waitlist and offers, removed invitations

Revision ID: f7a3c5e9d1b2
Revises: f7b2c4d8e9a1
Create Date: 2026-11-26 06:05:00

RsvpStatus gains WAITLISTED and REMOVED; the column is a non-native enum (VARCHAR(16), no
CHECK constraint), so the new values need no schema change. Dinner.capacity comes from the
dinner-lifecycle migration.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f7a3c5e9d1b2'
down_revision = 'e5b2c8d4a1f7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waitlisted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('offered_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('offer_lapsed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))


def downgrade():
    op.execute(
        "UPDATE invitation SET status = 'PENDING' WHERE status IN ('WAITLISTED', 'REMOVED')"
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('removed_at')
        batch_op.drop_column('offer_lapsed_at')
        batch_op.drop_column('offered_until')
        batch_op.drop_column('waitlisted_at')
