"""dinner lifecycle: closed/cancelled times, .ics sequence, capacity

Revision ID: e4d2a9c7b1f0
Revises: c1a7e0f3b2d4
Create Date: 2026-11-26 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e4d2a9c7b1f0'
down_revision = 'c3a9e51f02d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dinner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('ics_sequence', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('dinner', schema=None) as batch_op:
        batch_op.drop_column('capacity')
        batch_op.drop_column('ics_sequence')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('closed_at')
