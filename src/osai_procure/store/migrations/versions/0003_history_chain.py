"""The history's hash chain: each row's previous hash, its own hash, the state it left.

Revision ID: 0003_history_chain
Revises: 0002_register
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_history_chain"
down_revision = "0002_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the chain columns (empty on rows written before the chain existed)."""
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("state", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop the chain columns."""
    with op.batch_alter_table("history") as batch:
        batch.drop_column("state")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
