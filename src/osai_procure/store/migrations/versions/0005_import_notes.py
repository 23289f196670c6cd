"""What an import tells the officer is kept with the assessment (one row per import, the
notes as codes with their arguments), so the wizard can show them again in a later session
and in the reader's language. Assessments imported before have no rows: nothing to backfill.

Revision ID: 0005_import_notes
Revises: 0004_verdict_summaries
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_import_notes"
down_revision = "0004_verdict_summaries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the import notes table."""
    op.create_table(
        "import_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("root_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_import_notes_assessment_id", "import_notes", ["assessment_id"])
    op.create_index("ix_import_notes_root_id", "import_notes", ["root_id"])


def downgrade() -> None:
    """Drop the import notes table."""
    op.drop_index("ix_import_notes_root_id", table_name="import_notes")
    op.drop_index("ix_import_notes_assessment_id", table_name="import_notes")
    op.drop_table("import_notes")
