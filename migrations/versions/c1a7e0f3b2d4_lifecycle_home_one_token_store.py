"""lifecycle home: one token store, opt-out flag on mail, profile field names, rule guests by FK

Revision ID: c1a7e0f3b2d4
Revises: b86847df8fcd
Create Date: 2026-11-26 06:20:00

"""
import json

from alembic import op
import sqlalchemy as sa


revision = 'c1a7e0f3b2d4'
down_revision = 'b86847df8fcd'
branch_labels = None
depends_on = None

FOLLOW_UP_SERIES = ('follow_up_1', 'follow_up_2', 'outcome_check')


def upgrade():
    # Personal links: every token lives in access_token, with expiry and revocation.
    with op.batch_alter_table('access_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))
    op.execute(
        "INSERT INTO access_token (token_hash, invitation_id, purpose, created_at) "
        "SELECT token_hash, id, 'rsvp', created_at FROM invitation"
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index('ix_invitation_token_hash')
        batch_op.drop_column('token_hash')

    # The opt-out rule is decided when mail is queued, and kept with the message.
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('optional', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    outbox = sa.table('outbox_message', sa.column('kind', sa.String), sa.column('optional', sa.Boolean))
    op.execute(outbox.update().where(outbox.c.kind.in_(FOLLOW_UP_SERIES)).values(optional=True))

    # One name for "what I do" from the form to the referral model.
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.alter_column('what_i_do', new_column_name='does', existing_type=sa.Text())

    # Seating rules name guests through foreign keys, not a JSON list.
    op.create_table(
        'seating_rule_guest',
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_seating_rule_guest_invitation_id_invitation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['rule_id'], ['seating_rule.id'], name=op.f('fk_seating_rule_guest_rule_id_seating_rule'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('rule_id', 'invitation_id', name=op.f('pk_seating_rule_guest')),
    )
    connection = op.get_bind()
    rules = connection.execute(sa.text('SELECT id, invitation_ids FROM seating_rule')).all()
    guests = sa.table(
        'seating_rule_guest',
        sa.column('rule_id', sa.Integer),
        sa.column('invitation_id', sa.Integer),
        sa.column('position', sa.Integer),
    )
    known = {row[0] for row in connection.execute(sa.text('SELECT id FROM invitation'))}
    for rule_id, ids in rules:
        ids = json.loads(ids) if isinstance(ids, str) else ids
        rows = [
            {'rule_id': rule_id, 'invitation_id': i, 'position': n}
            for n, i in enumerate(dict.fromkeys(ids)) if i in known
        ]
        if rows:
            op.bulk_insert(guests, rows)
    with op.batch_alter_table('seating_rule', schema=None) as batch_op:
        batch_op.drop_column('invitation_ids')


def downgrade():
    with op.batch_alter_table('seating_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_ids', sa.JSON(), nullable=True))
    op.drop_table('seating_rule_guest')
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.alter_column('does', new_column_name='what_i_do', existing_type=sa.Text())
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('optional')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('access_token', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')
