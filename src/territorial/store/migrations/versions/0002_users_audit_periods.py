"""Add users with roles, the audit trail, compensation periods and credit batches.

Revision ID: 0002
Revises: 0001
Create Date: 2025-07-01
"""

import sqlalchemy as sa
from alembic import op

from territorial.store.types import ExactDecimal, JsonText, UtcTimestamp

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    _create_bitemporal_table(
        "app_user",
        ["name"],
        [
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("display_name", sa.String(), nullable=False),
            sa.Column("role", sa.String(), nullable=False),
        ],
    )
    _create_bitemporal_table(
        "compensation_period",
        ["label"],
        [
            sa.Column("label", sa.String(), nullable=False),
            sa.Column("status", sa.String(), nullable=False),
            sa.Column("credit_batch_id", sa.String(), nullable=True),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("changed_by", sa.String(), nullable=False),
        ],
    )
    _create_audit_entry()
    _create_credit_batch()


def downgrade() -> None:
    op.drop_table("credit_batch")
    op.drop_table("audit_entry")
    op.drop_table("compensation_period")
    op.drop_table("app_user")


def _create_audit_entry() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("row_id", ROW_ID, autoincrement=True, nullable=False),
        sa.Column("recorded_at", UtcTimestamp(), nullable=False),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity_kind", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("coverage_model", sa.String(), nullable=True),
        sa.Column("territory", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before_state", sa.Text(), nullable=True),
        sa.Column("after_state", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_entity_kind_entity_id"), "audit_entry", ["entity_kind", "entity_id"])
    op.create_index(op.f("ix_audit_entry_user_name"), "audit_entry", ["user_name"])
    op.create_index(op.f("ix_audit_entry_territory"), "audit_entry", ["territory"])
    op.create_index(op.f("ix_audit_entry_recorded_at"), "audit_entry", ["recorded_at"])


def _create_credit_batch() -> None:
    op.create_table(
        "credit_batch",
        sa.Column("batch_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("source_period", sa.String(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.Column("total", ExactDecimal(18, 2), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("basis_known_at", UtcTimestamp(), nullable=False),
        sa.Column("basis", JsonText(), nullable=False),
        sa.Column("recorded_at", UtcTimestamp(), nullable=False),
        sa.CheckConstraint("row_count >= 0", name=op.f("ck_credit_batch_row_count")),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_credit_batch")),
    )
    op.create_index(op.f("ix_credit_batch_period"), "credit_batch", ["period"])


def _create_bitemporal_table(name: str, key: list[str], payload: list[sa.Column]) -> None:
    # Written out here rather than imported from 0001, so each migration stays what it was.
    op.create_table(
        name,
        sa.Column("row_id", ROW_ID, autoincrement=True, nullable=False),
        *payload,
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("recorded_at", UtcTimestamp(), nullable=False),
        sa.Column("superseded_at", UtcTimestamp(), nullable=True),
        sa.CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name=op.f(f"ck_{name}_valid_period")),
        sa.CheckConstraint(
            "superseded_at IS NULL OR superseded_at >= recorded_at", name=op.f(f"ck_{name}_recorded_period")
        ),
        sa.PrimaryKeyConstraint("row_id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_{'_'.join(key)}_recorded_at"), name, [*key, "recorded_at"])
