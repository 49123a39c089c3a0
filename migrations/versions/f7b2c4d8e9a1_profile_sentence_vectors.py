"""profile sentence vectors (encoded after each save), personal note, organiser review

Revision ID: f7b2c4d8e9a1
Revises: e4f1a2b3c5d6
Create Date: 2026-11-26 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f7b2c4d8e9a1'
down_revision = 'e4f1a2b3c5d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vectors', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('vectors_model', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('personal', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('personal')
        batch_op.drop_column('vectors_model')
        batch_op.drop_column('vectors')
