"""every link expires: backfill expires_at on tokens minted before expiry existed

Revision ID: b7d1e3f5a902
Revises: e4b9d2a7c615
Create Date: 2026-11-26 09:00:00

Tokens carried over from the old invitation table (and any minted before the lifecycle home
set an expiry) had expires_at NULL and so worked forever. Each gets the expiry a token of its
purpose gets today, counted from its dinner's end (or from when it was minted, if later, for
action and unsubscribe links); then the column becomes NOT NULL. The lifetimes are the
defaults of planner.lifecycle.tokens.TokenLifetimes at the time of writing, copied here so
the migration does not change when the code does.
"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "b7d1e3f5a902"
down_revision = "e4b9d2a7c615"
branch_labels = None
depends_on = None

DINNER_LENGTH = timedelta(hours=3)
DAYS = {"rsvp": 30, "actions": 90, "unsubscribe": 365}
BATCH = 1000

tokens = sa.table(
    "access_token",
    sa.column("id", sa.Integer),
    sa.column("invitation_id", sa.Integer),
    sa.column("purpose", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("expires_at", sa.DateTime),
)
invitations = sa.table("invitation", sa.column("id", sa.Integer), sa.column("dinner_id", sa.Integer))
dinners = sa.table("dinner", sa.column("id", sa.Integer), sa.column("starts_at", sa.DateTime))


def _expiry(stored_purpose: str, created_at, starts_at):
    # The column holds the enum's name ("RSVP"), not its value ("rsvp").
    purpose = stored_purpose.lower()
    end = starts_at + DINNER_LENGTH
    if purpose == "rsvp":
        return end + timedelta(days=DAYS["rsvp"])
    return max(end, created_at or end) + timedelta(days=DAYS.get(purpose, DAYS["actions"]))


def upgrade():
    connection = op.get_bind()
    query = (
        sa.select(tokens.c.id, tokens.c.purpose, tokens.c.created_at, dinners.c.starts_at)
        .select_from(tokens.join(invitations, invitations.c.id == tokens.c.invitation_id))
        .join(dinners, dinners.c.id == invitations.c.dinner_id)
        .where(tokens.c.expires_at.is_(None))
    )
    rows = connection.execute(query).all()
    for start in range(0, len(rows), BATCH):
        for token_id, purpose, created_at, starts_at in rows[start : start + BATCH]:
            connection.execute(
                tokens.update()
                .where(tokens.c.id == token_id)
                .values(expires_at=_expiry(purpose, created_at, starts_at))
            )
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(), nullable=True)
