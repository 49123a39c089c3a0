"""organiser email verification and session version

Revision ID: c3a9e51f02d7
Revises: b86847df8fcd
Create Date: 2026-11-26 05:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a9e51f02d7'
down_revision = 'c1a7e0f3b2d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organiser', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='1', nullable=False)
        )
    # Organisers who already sent invitations keep doing so; everyone else verifies first.
    op.execute(
        "UPDATE organiser SET email_verified_at = created_at WHERE id IN "
        "(SELECT dinner.organiser_id FROM dinner JOIN invitation ON invitation.dinner_id = dinner.id)"
    )


def downgrade():
    with op.batch_alter_table('organiser', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('email_verified_at')
