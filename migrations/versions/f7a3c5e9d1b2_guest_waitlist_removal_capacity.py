"""guests: waitlist and offers, removed invitations, dinner capacity

Revision ID: f7a3c5e9d1b2
Revises: c3a9e51f02d7
Create Date: 2026-11-26 06:05:00

RsvpStatus gains WAITLISTED and REMOVED; the column is a non-native enum (VARCHAR(16), no
CHECK constraint), so the new values need no schema change.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f7a3c5e9d1b2'
down_revision = 'c3a9e51f02d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waitlisted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('offered_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('offer_lapsed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))
    # Dinner.capacity is also added by the dinner-lifecycle branch (e4d2a9c7b1f0, same column):
    # when both are merged keep one of the two add_column calls.
    with op.batch_alter_table('dinner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('dinner', schema=None) as batch_op:
        batch_op.drop_column('capacity')
    op.execute(
        "UPDATE invitation SET status = 'PENDING' WHERE status IN ('WAITLISTED', 'REMOVED')"
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('removed_at')
        batch_op.drop_column('offer_lapsed_at')
        batch_op.drop_column('offered_until')
        batch_op.drop_column('waitlisted_at')
