"""follow-up people act on: email consent, re-ask timing, two-sided introductions, business

Revision ID: e4f1a2b3c5d6
Revises: c1a7e0f3b2d4
Create Date: 2026-11-26 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e4f1a2b3c5d6'
down_revision = 'e4d2a9c7b1f0'
branch_labels = None
depends_on = None


def upgrade():
    # Table-mates see a guest's email address only with the guest's consent (default off).
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('share_email', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('dinner', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('re_ask_days', sa.Integer(), server_default='7', nullable=False)
        )
    # Both sides say yes before the one email that introduces them; the introducer's words.
    with op.batch_alter_table('introduction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('target_agreed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('seeker_agreed_at', sa.DateTime(), nullable=True))
    # Introductions made before this revision were made on the target's yes alone.
    op.execute(
        "UPDATE introduction SET target_agreed_at = answered_at WHERE status = 'made'"
    )
    # Business that came of an introduction or a meeting, with an optional rough amount.
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('introduction_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('amount_band', sa.String(length=16), server_default='', nullable=False)
        )
        batch_op.create_index(batch_op.f('ix_outcome_introduction_id'), ['introduction_id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_outcome_introduction_id_introduction'),
            'introduction',
            ['introduction_id'],
            ['id'],
        )
    # The one introduction email goes to both people: room for two addresses.
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column(
            'to_addr', existing_type=sa.String(length=254), type_=sa.String(length=520)
        )


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column(
            'to_addr', existing_type=sa.String(length=520), type_=sa.String(length=254)
        )
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_outcome_introduction_id_introduction'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_outcome_introduction_id'))
        batch_op.drop_column('amount_band')
        batch_op.drop_column('introduction_id')
    with op.batch_alter_table('introduction', schema=None) as batch_op:
        batch_op.drop_column('seeker_agreed_at')
        batch_op.drop_column('target_agreed_at')
        batch_op.drop_column('message')
    with op.batch_alter_table('dinner', schema=None) as batch_op:
        batch_op.drop_column('re_ask_days')
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('share_email')
