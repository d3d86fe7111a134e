"""Create the bitemporal master-data tables, the fact batch register and the store clock.

Revision ID: 0001
Revises:
Create Date: 2025-06-01
"""

import sqlalchemy as sa
from alembic import op

from territorial.store.types import ExactDecimal, JsonText, UtcTimestamp

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Each master-data table: name, business key, payload columns. The columns are written
# out here, not imported from schema.py, so this migration stays what it was when
# later migrations change the schema.
BITEMPORAL_TABLES = [
    (
        "coverage_model",
        ["code"],
        lambda: [
            sa.Column("code", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("resolution_order", JsonText(), nullable=False),
        ],
    ),
    (
        "territory",
        ["code"],
        lambda: [
            sa.Column("code", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("kind", sa.String(), nullable=False),
            sa.Column("level", sa.String(), nullable=False),
            sa.Column("parent", sa.String(), nullable=True),
        ],
    ),
    (
        "person",
        ["id"],
        lambda: [
            sa.Column("id", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("email", sa.String(), nullable=True),
        ],
    ),
    (
        "coverage_team_member",
        ["coverage_model", "territory"],
        lambda: [
            sa.Column("coverage_model", sa.String(), nullable=False),
            sa.Column("territory", sa.String(), nullable=False),
            sa.Column("person_id", sa.String(), nullable=False),
            sa.Column("role", sa.String(), nullable=False),
            sa.Column("split", ExactDecimal(5, 2), nullable=False),
        ],
    ),
    (
        "attribute_rule",
        ["code"],
        lambda: [
            sa.Column("code", sa.String(), nullable=False),
            sa.Column("coverage_model", sa.String(), nullable=False),
            sa.Column("territory", sa.String(), nullable=False),
            sa.Column("priority", sa.Integer(), nullable=False),
            sa.Column("conditions", JsonText(), nullable=False),
        ],
    ),
    (
        "account_rule",
        ["code"],
        lambda: [
            sa.Column("code", sa.String(), nullable=False),
            sa.Column("account_id", sa.String(), nullable=False),
            sa.Column("coverage_model", sa.String(), nullable=False),
            sa.Column("territory", sa.String(), nullable=False),
        ],
    ),
    (
        "override",
        ["id"],
        lambda: [
            sa.Column("id", sa.String(), nullable=False),
            sa.Column("target", sa.String(), nullable=False),
            sa.Column("target_id", sa.String(), nullable=False),
            sa.Column("coverage_model", sa.String(), nullable=False),
            sa.Column("territory", sa.String(), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("requested_by", sa.String(), nullable=False),
            sa.Column("status", sa.String(), nullable=False),
            sa.Column("decided_by", sa.String(), nullable=True),
            sa.Column("reversed_from", sa.Date(), nullable=True),
        ],
    ),
    (
        "organisation",
        ["id"],
        lambda: [
            sa.Column("id", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("parent_id", sa.String(), nullable=True),
            sa.Column("attributes", JsonText(), nullable=False),
        ],
    ),
    (
        "contact",
        ["id"],
        lambda: [
            sa.Column("id", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("organisation_id", sa.String(), nullable=True),
            sa.Column("attributes", JsonText(), nullable=False),
        ],
    ),
    (
        "account",
        ["id"],
        lambda: [
            sa.Column("id", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("contact_id", sa.String(), nullable=True),
            sa.Column("organisation_id", sa.String(), nullable=True),
            sa.Column(
                "omnibus",
                sa.Boolean(create_constraint=True, name=op.f("ck_account_omnibus_boolean")),
                nullable=False,
            ),
            sa.Column("attributes", JsonText(), nullable=False),
        ],
    ),
]


def upgrade() -> None:
    for name, key, payload in BITEMPORAL_TABLES:
        _create_bitemporal_table(name, key, payload())

    op.create_table(
        "fact_batch",
        sa.Column("batch_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("recorded_at", UtcTimestamp(), nullable=False),
        sa.CheckConstraint("row_count >= 0", name=op.f("ck_fact_batch_row_count")),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_fact_batch")),
    )
    op.create_index(op.f("ix_fact_batch_sha256"), "fact_batch", ["sha256"])
    op.create_index(op.f("ix_fact_batch_recorded_at"), "fact_batch", ["recorded_at"])

    clock = op.create_table(
        "store_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_recorded_at", UtcTimestamp(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_store_clock_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_clock")),
    )
    op.bulk_insert(clock, [{"id": 1, "last_recorded_at": None}])


def downgrade() -> None:
    op.drop_table("store_clock")
    op.drop_table("fact_batch")
    for name, _key, _payload in reversed(BITEMPORAL_TABLES):
        op.drop_table(name)


def _create_bitemporal_table(name: str, key: list[str], payload: list[sa.Column]) -> None:
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
