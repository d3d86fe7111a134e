"""Tables of the master-data store (SQLAlchemy Core).

Every master-data table is bitemporal and append-only. A row is one version of one
business key (or, for coverage teams, one member of one team version):

- valid time `[valid_from, valid_to)`: dates, `valid_to` NULL meaning open-ended;
- recorded time `[recorded_at, superseded_at)`: UTC timestamps set by the store,
  `superseded_at` NULL while the row is current.

A correction sets `superseded_at` on the old row and inserts a new row. The store
never deletes rows, and `superseded_at` (written once, from NULL) is the only column
it updates after insert. Business keys are not unique across rows, so tables carry
no foreign keys between them; references are checked by the service layer.

Facts are not stored here: they live in Parquet files that `fact_batch` registers.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from territorial.store.types import ExactDecimal, JsonText, UtcTimestamp

# Fixed constraint names let later migrations alter constraints on every database.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite assigns row ids only to a column declared exactly INTEGER PRIMARY KEY.
RowId = BigInteger().with_variant(Integer(), "sqlite")


def _bitemporal(name: str, key: list[str], *payload: Column) -> Table:
    """Build a bitemporal table whose business key is the columns named `key`."""
    return Table(
        name,
        metadata,
        Column("row_id", RowId, primary_key=True, autoincrement=True),
        *payload,
        Column("valid_from", Date, nullable=False),
        Column("valid_to", Date, nullable=True),
        Column("recorded_at", UtcTimestamp, nullable=False),
        Column("superseded_at", UtcTimestamp, nullable=True),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_period"),
        CheckConstraint("superseded_at IS NULL OR superseded_at >= recorded_at", name="recorded_period"),
        Index(None, *key, "recorded_at"),
    )


coverage_model = _bitemporal(
    "coverage_model",
    ["code"],
    Column("code", String, nullable=False),
    Column("name", String, nullable=False),
    Column("resolution_order", JsonText, nullable=False),
)

territory = _bitemporal(
    "territory",
    ["code"],
    Column("code", String, nullable=False),
    Column("name", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("level", String, nullable=False),
    Column("parent", String, nullable=True),
)

person = _bitemporal(
    "person",
    ["id"],
    Column("id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("email", String, nullable=True),
)

coverage_team_member = _bitemporal(
    "coverage_team_member",
    ["coverage_model", "territory"],
    Column("coverage_model", String, nullable=False),
    Column("territory", String, nullable=False),
    Column("person_id", String, nullable=False),
    Column("role", String, nullable=False),
    Column("split", ExactDecimal(5, 2), nullable=False),
)

attribute_rule = _bitemporal(
    "attribute_rule",
    ["code"],
    Column("code", String, nullable=False),
    Column("coverage_model", String, nullable=False),
    Column("territory", String, nullable=False),
    Column("priority", Integer, nullable=False),
    # A list of {"attribute", "operator", "values"} objects, values already normalised.
    Column("conditions", JsonText, nullable=False),
)

account_rule = _bitemporal(
    "account_rule",
    ["code"],
    Column("code", String, nullable=False),
    Column("account_id", String, nullable=False),
    Column("coverage_model", String, nullable=False),
    Column("territory", String, nullable=False),
)

override = _bitemporal(
    "override",
    ["id"],
    Column("id", String, nullable=False),
    Column("target", String, nullable=False),
    Column("target_id", String, nullable=False),
    Column("coverage_model", String, nullable=False),
    Column("territory", String, nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", String, nullable=False),
    Column("status", String, nullable=False),
    Column("decided_by", String, nullable=True),
    Column("reversed_from", Date, nullable=True),
)

organisation = _bitemporal(
    "organisation",
    ["id"],
    Column("id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("parent_id", String, nullable=True),
    Column("attributes", JsonText, nullable=False),
)

contact = _bitemporal(
    "contact",
    ["id"],
    Column("id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("organisation_id", String, nullable=True),
    Column("attributes", JsonText, nullable=False),
)

account = _bitemporal(
    "account",
    ["id"],
    Column("id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("contact_id", String, nullable=True),
    Column("organisation_id", String, nullable=True),
    Column("omnibus", Boolean(create_constraint=True, name="omnibus_boolean"), nullable=False),
    Column("attributes", JsonText, nullable=False),
)

app_user = _bitemporal(
    "app_user",
    ["name"],
    Column("name", String, nullable=False),
    Column("display_name", String, nullable=False),
    Column("role", String, nullable=False),
)

# A compensation period's valid period is its date range. Each lock, reopening or
# definition supersedes the period's row, so its state at any recorded time stays readable.
compensation_period = _bitemporal(
    "compensation_period",
    ["label"],
    Column("label", String, nullable=False),
    Column("status", String, nullable=False),
    Column("credit_batch_id", String, nullable=True),
    Column("reason", Text, nullable=False),
    Column("changed_by", String, nullable=False),
)

# One change to the store: who, when, what (before and after) and why. Rows are
# only inserted, in the unit of work of the change they describe.
audit_entry = Table(
    "audit_entry",
    metadata,
    Column("row_id", RowId, primary_key=True, autoincrement=True),
    Column("recorded_at", UtcTimestamp, nullable=False),
    Column("user_name", String, nullable=False),
    Column("action", String, nullable=False),
    Column("entity_kind", String, nullable=False),
    Column("entity_id", String, nullable=False),
    Column("coverage_model", String, nullable=True),
    Column("territory", String, nullable=True),
    Column("reason", Text, nullable=False),
    # JSON text, serialised by the audit log itself because bulk loads audit many keys.
    Column("before_state", Text, nullable=True),
    Column("after_state", Text, nullable=True),
    Index(None, "entity_kind", "entity_id"),
    Index(None, "user_name"),
    Index(None, "territory"),
    Index(None, "recorded_at"),
)

# One Parquet file of credits: the sealed credits of a locked period, or restatement
# adjustments posted to an open period. Registered once and never superseded.
credit_batch = Table(
    "credit_batch",
    metadata,
    Column("batch_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("period", String, nullable=False),
    Column("source_period", String, nullable=True),
    Column("path", Text, nullable=False),
    Column("row_count", BigInteger, nullable=False),
    Column("total", ExactDecimal(18, 2), nullable=False),
    Column("sha256", String(64), nullable=False),
    # The recorded time the credits were computed at, and the fact batches and
    # master-data recorded time that time covered.
    Column("basis_known_at", UtcTimestamp, nullable=False),
    Column("basis", JsonText, nullable=False),
    Column("recorded_at", UtcTimestamp, nullable=False),
    CheckConstraint("row_count >= 0", name="row_count"),
    Index(None, "period"),
)

# One Parquet file of facts. Batches are registered once and never superseded,
# because a correction to facts arrives as new facts in a new batch.
fact_batch = Table(
    "fact_batch",
    metadata,
    Column("batch_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("path", Text, nullable=False),
    Column("row_count", BigInteger, nullable=False),
    Column("first_date", Date, nullable=True),
    Column("last_date", Date, nullable=True),
    Column("sha256", String(64), nullable=False),
    Column("recorded_at", UtcTimestamp, nullable=False),
    CheckConstraint("row_count >= 0", name="row_count"),
    Index(None, "sha256"),
    Index(None, "recorded_at"),
)

# The last recorded_at handed out, in a single row (id 1). Each unit of work locks
# and advances it, so recorded times increase strictly in the order writers commit.
store_clock = Table(
    "store_clock",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_recorded_at", UtcTimestamp, nullable=True),
    CheckConstraint("id = 1", name="single_row"),
)

# Bearer tokens of the REST API and web UI, each bound to one user. Only the SHA-256
# of a token is stored, so a copy of the store holds no usable token. Rows are only
# inserted, except that `revoked_at` is set once when a token is revoked.
api_token = Table(
    "api_token",
    metadata,
    Column("token_id", String, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_name", String, nullable=False),
    Column("label", String, nullable=False),
    Column("created_at", UtcTimestamp, nullable=False),
    Column("created_by", String, nullable=False),
    Column("revoked_at", UtcTimestamp, nullable=True),
    Index(None, "user_name"),
)
