"""Rollups in SQL over `placement` and `credit`, with the sums of `service/rollup.py` and `service/runs.py`.

Facts count once per coverage model and group: a fact is summed per coverage model,
territory and channel first, and those sums go into each group they belong to.
Month-end AUM is the AUM on the last position date of the placements. Flows are
signed; gross sales sum the inflows and redemptions the outflows as a positive number.

Inputs besides the run's tables: `fact_kind(kind, direction)`, `rollup_path(territory,
node)` (each territory and its ancestors valid at the period start) and
`rollup_name(dimension, key, name, level)`.
"""

from __future__ import annotations

from territorial.engine.backend import Backend

UNASSIGNED = "(unassigned)"

_TOTALS = """
    CAST(coalesce(sum(CASE WHEN k.direction > 0 AND p.kind <> 'aum' THEN p.amount END), 0) AS DECIMAL(38, 2))
        AS gross_sales,
    CAST(coalesce(-sum(CASE WHEN k.direction < 0 AND p.kind <> 'aum' THEN p.amount END), 0) AS DECIMAL(38, 2))
        AS redemptions,
    CAST(coalesce(sum(CASE WHEN p.kind <> 'aum' THEN p.amount END), 0) AS DECIMAL(38, 2)) AS net_flows,
    CAST(coalesce(sum(CASE WHEN p.kind = 'aum' AND p.date = d.aum_day THEN p.amount END), 0) AS DECIMAL(38, 2))
        AS aum,
    count(*) AS facts
"""

ROLLUP_LEAF_SQL = f"""
WITH day AS (SELECT max(date) AS aum_day FROM placement WHERE kind = 'aum')
SELECT p.coverage_model, p.territory, p.channel, {_TOTALS}
FROM placement p JOIN fact_kind k ON k.kind = p.kind CROSS JOIN day d
GROUP BY p.coverage_model, p.territory, p.channel
"""

_SUMS = """sum(gross_sales) AS gross_sales, sum(redemptions) AS redemptions, sum(net_flows) AS net_flows,
       sum(aum) AS aum, sum(facts) AS facts"""

ROLLUP_SQL = f"""
WITH grouped AS (
    SELECT coverage_model, 'coverage_model' AS dimension, coverage_model AS key, {_SUMS}
    FROM rollup_leaf GROUP BY coverage_model
    UNION ALL
    SELECT coverage_model, 'channel', coalesce(channel, '{UNASSIGNED}'), {_SUMS}
    FROM rollup_leaf GROUP BY coverage_model, coalesce(channel, '{UNASSIGNED}')
    UNION ALL
    SELECT coverage_model, 'territory', coalesce(territory, '{UNASSIGNED}'), {_SUMS}
    FROM rollup_leaf GROUP BY coverage_model, coalesce(territory, '{UNASSIGNED}')
    UNION ALL
    SELECT l.coverage_model, 'hierarchy', h.node, {_SUMS}
    FROM rollup_leaf l JOIN rollup_path h ON h.territory = l.territory
    GROUP BY l.coverage_model, h.node
)
SELECT g.coverage_model, g.dimension, g.key,
       coalesce(n.name, g.key) AS name, coalesce(n.level, g.dimension) AS level,
       g.gross_sales, g.redemptions, g.net_flows, g.aum, g.facts
FROM grouped g
LEFT JOIN rollup_name n ON n.key = g.key
    AND (n.dimension = g.dimension OR (n.dimension = 'territory' AND g.dimension = 'hierarchy'))
ORDER BY g.coverage_model, g.dimension, g.key
"""

PERSON_ROLLUP_SQL = f"""
WITH day AS (SELECT max(date) AS aum_day FROM placement WHERE kind = 'aum'),
credited AS (
    SELECT c.coverage_model, c.person_id, p.kind, p.date, c.amount
    FROM credit c JOIN placement p ON p.fact_id = c.fact_id AND p.coverage_model = c.coverage_model
)
SELECT p.coverage_model, p.person_id, coalesce(n.name, p.person_id) AS name, {_TOTALS}
FROM credited p JOIN fact_kind k ON k.kind = p.kind CROSS JOIN day d
LEFT JOIN person n ON n.person_id = p.person_id
GROUP BY p.coverage_model, p.person_id, coalesce(n.name, p.person_id)
ORDER BY p.coverage_model, p.person_id
"""

# Per coverage model: flows and month-end AUM placed, credited and left unassigned.
SUMMARY_SQL = """
WITH day AS (SELECT max(date) AS aum_day FROM placement WHERE kind = 'aum'),
counted AS (
    SELECT p.*, p.kind = 'aum' AS is_aum
    FROM placement p CROSS JOIN day d
    WHERE p.kind <> 'aum' OR p.date = d.aum_day
),
credited AS (
    SELECT c.coverage_model,
           sum(CASE WHEN NOT p.is_aum THEN c.amount END) AS flows,
           sum(CASE WHEN p.is_aum THEN c.amount END) AS aum
    FROM credit c JOIN counted p ON p.fact_id = c.fact_id AND p.coverage_model = c.coverage_model
    GROUP BY c.coverage_model
),
placed AS (
    SELECT coverage_model,
           sum(CASE WHEN NOT is_aum THEN amount END) AS flows,
           sum(CASE WHEN NOT is_aum AND status <> 'assigned' THEN amount END) AS flows_unassigned,
           sum(CASE WHEN is_aum THEN amount END) AS aum,
           sum(CASE WHEN is_aum AND status <> 'assigned' THEN amount END) AS aum_unassigned
    FROM counted GROUP BY coverage_model
),
counts AS (
    SELECT coverage_model, sum(CASE WHEN kind <> 'aum' THEN 1 ELSE 0 END) AS flow_facts,
           sum(CASE WHEN status <> 'assigned' AND kind <> 'aum' THEN 1 ELSE 0 END) AS unassigned_facts,
           sum(CASE WHEN status = 'conflict' AND kind <> 'aum' THEN 1 ELSE 0 END) AS conflicts
    FROM placement GROUP BY coverage_model
)
SELECT m.model AS coverage_model,
       coalesce(c.flow_facts, 0) AS flow_facts,
       CAST(coalesce(p.flows, 0) AS DECIMAL(38, 2)) AS net_flows,
       CAST(coalesce(k.flows, 0) AS DECIMAL(38, 2)) AS net_flows_credited,
       CAST(coalesce(p.flows_unassigned, 0) AS DECIMAL(38, 2)) AS net_flows_unassigned,
       (SELECT aum_day FROM day) AS aum_date,
       CAST(coalesce(p.aum, 0) AS DECIMAL(38, 2)) AS aum,
       CAST(coalesce(k.aum, 0) AS DECIMAL(38, 2)) AS aum_credited,
       CAST(coalesce(p.aum_unassigned, 0) AS DECIMAL(38, 2)) AS aum_unassigned,
       coalesce(c.unassigned_facts, 0) AS unassigned_facts,
       coalesce(c.conflicts, 0) AS conflicts
FROM (SELECT DISTINCT model FROM model) m
LEFT JOIN placed p ON p.coverage_model = m.model
LEFT JOIN credited k ON k.coverage_model = m.model
LEFT JOIN counts c ON c.coverage_model = m.model
ORDER BY m.model
"""

# Money that earned no credit, by reason: flows and month-end AUM apart, like every total.
UNASSIGNED_SQL = """
WITH day AS (SELECT max(date) AS aum_day FROM placement WHERE kind = 'aum'),
counted AS (
    SELECT p.*, p.kind = 'aum' AS is_aum FROM placement p CROSS JOIN day d
    WHERE p.status <> 'assigned' AND (p.kind <> 'aum' OR p.date = d.aum_day)
)
SELECT coverage_model, status, reason,
       sum(CASE WHEN NOT is_aum THEN 1 ELSE 0 END) AS flow_facts,
       CAST(coalesce(sum(CASE WHEN NOT is_aum THEN amount END), 0) AS DECIMAL(38, 2)) AS net_flows,
       sum(CASE WHEN is_aum THEN 1 ELSE 0 END) AS positions,
       CAST(coalesce(sum(CASE WHEN is_aum THEN amount END), 0) AS DECIMAL(38, 2)) AS month_end_aum
FROM counted
GROUP BY coverage_model, status, reason
ORDER BY coverage_model, status, reason
"""

# Net flows and month-end AUM per coverage model, territory and month; AUM is taken on the
# last position date of each month.
MONTHLY_SQL = """
WITH month_end AS (
    SELECT strftime(date, '%Y-%m') AS month, max(date) AS day FROM placement WHERE kind = 'aum' GROUP BY 1
)
SELECT p.coverage_model, p.territory, strftime(p.date, '%Y-%m') AS month,
       CAST(coalesce(sum(CASE WHEN p.kind <> 'aum' THEN p.amount END), 0) AS DECIMAL(38, 2)) AS net_flows,
       CAST(coalesce(sum(CASE WHEN p.kind = 'aum' AND p.date = e.day THEN p.amount END), 0) AS DECIMAL(38, 2)) AS aum,
       sum(CASE WHEN p.kind <> 'aum' THEN 1 ELSE 0 END) AS flow_facts,
       sum(CASE WHEN p.kind = 'aum' AND p.date = e.day THEN 1 ELSE 0 END) AS aum_facts
FROM placement p LEFT JOIN month_end e ON e.month = strftime(p.date, '%Y-%m')
GROUP BY p.coverage_model, p.territory, strftime(p.date, '%Y-%m')
"""


def rollup_rows(backend: Backend) -> list[dict]:
    """Return the rollup by coverage model, channel, territory and hierarchy node, sorted like the reference."""
    backend.create("rollup_leaf", ROLLUP_LEAF_SQL)
    return backend.to_arrow(ROLLUP_SQL).to_pylist()


def person_rows(backend: Backend) -> list[dict]:
    return backend.to_arrow(PERSON_ROLLUP_SQL).to_pylist()


def summary_rows(backend: Backend) -> list[dict]:
    return backend.to_arrow(SUMMARY_SQL).to_pylist()


def unassigned_rows(backend: Backend) -> list[dict]:
    return backend.to_arrow(UNASSIGNED_SQL).to_pylist()


def monthly_rows(backend: Backend) -> list[dict]:
    return backend.to_arrow(MONTHLY_SQL).to_pylist()
