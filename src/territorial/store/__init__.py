"""The master-data store: bitemporal, append-only tables over SQLAlchemy, with Alembic migrations.

    engine = connect("territorial.db")      # or a sqlite:/// or postgresql+psycopg:// URL
    initialise(engine)                      # create or upgrade the schema
    with UnitOfWork(engine) as uow:         # one transaction, one recorded_at
        save_territories(uow, territories)
    data = load_master_data(engine)         # or load_master_data(engine, known_at=...)
"""

from territorial.store.audit import SYSTEM_USER, AuditEntry
from territorial.store.credit_batch import CreditBatch, CreditBatchKind
from territorial.store.database import connect, initialise, require_current_schema
from territorial.store.fact_batch import FactBatch
from territorial.store.mapping import MasterDataKind
from territorial.store.master_data import (
    audit_entries,
    credit_batch,
    credit_batches,
    fact_batches,
    list_keys,
    load_master_data,
    load_periods,
    load_users,
    register_fact_batch,
    save_account_rules,
    save_accounts,
    save_contacts,
    save_coverage_model,
    save_coverage_models,
    save_organisations,
    save_override,
    save_people,
    save_rules,
    save_team,
    save_teams,
    save_territories,
)
from territorial.store.repository import WriteSummary
from territorial.store.unit_of_work import UnitOfWork

__all__ = [
    "SYSTEM_USER",
    "AuditEntry",
    "CreditBatch",
    "CreditBatchKind",
    "FactBatch",
    "MasterDataKind",
    "UnitOfWork",
    "WriteSummary",
    "audit_entries",
    "connect",
    "credit_batch",
    "credit_batches",
    "fact_batches",
    "initialise",
    "list_keys",
    "load_master_data",
    "load_periods",
    "load_users",
    "register_fact_batch",
    "require_current_schema",
    "save_account_rules",
    "save_accounts",
    "save_contacts",
    "save_coverage_model",
    "save_coverage_models",
    "save_organisations",
    "save_override",
    "save_people",
    "save_rules",
    "save_team",
    "save_teams",
    "save_territories",
]
