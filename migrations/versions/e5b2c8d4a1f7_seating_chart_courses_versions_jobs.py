"""seating chart: courses, table names, locks, plan versions, background seating jobs

Revision ID: e5b2c8d4a1f7
Revises: c3a9e51f02d7
Create Date: 2026-11-26 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b2c8d4a1f7'
down_revision = 'f7b2c4d8e9a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seated_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('course', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('name', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('locked', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('seating_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('stop_reason', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('quality', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('courses', sa.Integer(), server_default='1', nullable=False))
    op.create_table(
        'plan_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dinner_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('author', sa.String(length=120), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('objective', sa.Float(), nullable=False),
        sa.Column('quality', sa.Text(), nullable=False),
        sa.Column('snapshot', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['dinner_id'], ['dinner.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dinner_id', 'number'),
    )
    op.create_index(op.f('ix_plan_version_dinner_id'), 'plan_version', ['dinner_id'], unique=False)
    op.create_table(
        'seating_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dinner_id', sa.Integer(), nullable=False),
        sa.Column('running_dinner_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('progress', sa.Float(), nullable=False),
        sa.Column('best_score', sa.Float(), nullable=True),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('author', sa.String(length=120), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['dinner_id'], ['dinner.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('running_dinner_id'),
    )
    op.create_index(op.f('ix_seating_job_dinner_id'), 'seating_job', ['dinner_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_seating_job_dinner_id'), table_name='seating_job')
    op.drop_table('seating_job')
    op.drop_index(op.f('ix_plan_version_dinner_id'), table_name='plan_version')
    op.drop_table('plan_version')
    with op.batch_alter_table('seating_plan', schema=None) as batch_op:
        for column in ('courses', 'quality', 'stop_reason', 'version'):
            batch_op.drop_column(column)
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.drop_column('locked')
    with op.batch_alter_table('seated_table', schema=None) as batch_op:
        for column in ('locked', 'name', 'course'):
            batch_op.drop_column(column)
