"""seating chart: courses, table names, locks, plan versions, background seating jobs

Revision ID: e5b2c8d4a1f7
Revises: c3a9e51f02d7
Create Date: 2026-11-26 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b2c8d4a1f7'
down_revision = 'c3a9e51f02d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seated_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('course', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('seated_table', schema=None) as batch_op:
        batch_op.drop_column('course')
