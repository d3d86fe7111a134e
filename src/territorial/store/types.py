"""Column types that carry exact decimals, UTC timestamps and JSON the same way on every database.

SQLite has no exact decimal type: a column declared NUMERIC converts '33.33' to a
binary float. So on SQLite a decimal is stored as a scaled integer (33.33 at scale 2
is 3333), and on PostgreSQL as NUMERIC(precision, scale). Either way Python gets a
Decimal and no value passes through float.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Numeric, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal with a fixed number of decimal places: NUMERIC on PostgreSQL, a scaled integer elsewhere.

    Binding a float, or a value with more decimal places than `scale`, raises
    ValueError instead of rounding.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__()
        self.precision = precision
        self.scale = scale

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _has_exact_numeric(dialect):
            return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))
        return dialect.type_descriptor(BigInteger())

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Decimal | int | None:
        if value is None:
            return None
        exact = self._check(value)
        if _has_exact_numeric(dialect):
            return exact
        return int(exact.scaleb(self.scale))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if _has_exact_numeric(dialect):
            return Decimal(value).quantize(Decimal(1).scaleb(-self.scale))
        return Decimal(int(value)).scaleb(-self.scale)

    def _check(self, value: object) -> Decimal:
        if not isinstance(value, (Decimal, int)) or isinstance(value, bool):
            raise ValueError(f"expected a Decimal, got {type(value).__name__} {value!r}")
        exact = Decimal(value).quantize(Decimal(1).scaleb(-self.scale))
        if exact != value:
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        if len(exact.as_tuple().digits) > self.precision:
            raise ValueError(f"{value} has more than {self.precision} digits")
        return exact


class UtcTimestamp(TypeDecorator[datetime]):
    """A point in recorded time: timezone-aware UTC in Python.

    PostgreSQL stores TIMESTAMP WITH TIME ZONE. SQLite stores naive UTC text in
    SQLAlchemy's fixed-width format (always six digits of microseconds), so text order
    is time order and comparisons in SQL stay correct.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"recorded times must be timezone-aware, got naive {value.isoformat()}")
        utc = value.astimezone(UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class JsonText(TypeDecorator[Any]):
    """JSON stored as text, with sorted keys so equal values are stored as equal text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return json.loads(value)


def _has_exact_numeric(dialect: Dialect) -> bool:
    return dialect.name == "postgresql"

