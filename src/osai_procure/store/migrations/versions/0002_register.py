"""The agency's register: a derived row per assessment (its newest revision) with the verdicts
as last evaluated, the criteria it does not meet or leaves unknown, and preservation drills.

Revision ID: 0002_register
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_register"
down_revision = "0001"
branch_labels = None
depends_on = None

# Stored as a timezone-aware timestamp; the models read and write it through UtcDateTime.
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the register's two tables and the drills table."""
    op.create_table(
        "register_entries",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("root_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("evaluated_digest", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("system_name", sa.String(length=200), nullable=False),
        sa.Column("procurement_id", sa.String(length=200), nullable=False),
        sa.Column("policy_id", sa.String(length=200), nullable=False),
        sa.Column("policy_version", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("osaid_verdict", sa.String(length=40), nullable=False),
        sa.Column("policy_verdict", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("mof_class", sa.String(length=20), nullable=False),
        sa.Column("unknowns", sa.Integer(), nullable=False),
        sa.Column("gates_open", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", TIMESTAMP, nullable=True),
        sa.Column("evidence_checked_at", TIMESTAMP, nullable=True),
        sa.Column("drill_result", sa.String(length=10), nullable=True),
        sa.Column("drill_at", TIMESTAMP, nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    for column in (
        "agency",
        "approved_at",
        "drill_result",
        "evidence_checked_at",
        "osaid_verdict",
        "policy_id",
        "policy_verdict",
        "root_id",
        "status",
        "title",
        "updated_at",
    ):
        op.create_index(f"ix_register_entries_{column}", "register_entries", [column])

    op.create_table(
        "register_findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("criterion_id", sa.String(length=200), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["register_entries.assessment_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_register_findings_assessment_id", "register_findings", ["assessment_id"])
    op.create_index(
        "ix_register_findings_open",
        "register_findings",
        ["severity", "status", "criterion_id", "assessment_id"],
    )

    op.create_table(
        "drills",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("root_id", sa.String(length=36), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=1000), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("assessment_id", "root_id"):
        op.create_index(f"ix_drills_{column}", "drills", [column])


def downgrade() -> None:
    """Drop the three tables (the register is derived data; drills are lost)."""
    op.drop_table("drills")
    op.drop_table("register_findings")
    op.drop_table("register_entries")
