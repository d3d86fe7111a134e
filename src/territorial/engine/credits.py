"""Placements and credits in SQL: each fact in each coverage model, split among the team to the cent.

The split is the largest-remainder method of `domain/money.py` in integer cents:
each member first gets floor(|cents| × basis points / 10,000); the cents left over go
one each to the members with the largest dropped remainder, ties in member order
(role rank, then person id); a negative amount is split as its absolute value and
negated. The product is taken as q × bp + (r × bp) // 10,000 with |cents| = q × 10,000 + r,
so every intermediate fits a BIGINT.
"""

from __future__ import annotations

from territorial.engine.backend import Backend

MODEL_CODE_SQL = "SELECT DISTINCT model FROM model"

# Trade overrides that apply on the fact's date and agree, with their place in the order that day.
TRADE_HIT_SQL = """
SELECT f.fact_id, o.model, min(o.territory) AS territory, min(o.override_id) AS source, min(t.position) AS position
FROM fact_seg f
JOIN override o ON o.target = 'trade' AND o.target_id = f.fact_id AND o.active_from <= f.date AND f.date < o.active_to
JOIN model_step t ON t.model = o.model AND t.step = 'trade_override' AND t.valid_from <= f.date AND f.date < t.valid_to
GROUP BY f.fact_id, o.model
HAVING count(DISTINCT o.territory) = 1
"""

# Where each fact lands in each coverage model, before the team check. The reason of an
# unassigned fact follows the reference: an invalid coverage model, then an unknown account,
# then no step that applies, then the segment's own reason.
RESOLVED_SQL = """
SELECT f.fact_id, m.model AS coverage_model, f.date, f.kind, f.amount, f.seg_id,
       CASE WHEN o.seg_id IS NULL THEN 'unassigned'
            WHEN t.fact_id IS NOT NULL AND (o.position IS NULL OR t.position < o.position) THEN 'assigned'
            ELSE o.status END AS status,
       CASE WHEN o.seg_id IS NULL THEN NULL
            WHEN t.fact_id IS NOT NULL AND (o.position IS NULL OR t.position < o.position) THEN t.territory
            ELSE o.territory END AS territory,
       CASE WHEN o.seg_id IS NULL THEN NULL
            WHEN t.fact_id IS NOT NULL AND (o.position IS NULL OR t.position < o.position) THEN 'trade_override'
            ELSE o.step END AS step,
       CASE WHEN o.seg_id IS NULL THEN NULL
            WHEN t.fact_id IS NOT NULL AND (o.position IS NULL OR t.position < o.position) THEN t.source
            ELSE o.source END AS source,
       c.channel,
       CASE WHEN o.seg_id IS NULL
                THEN 'coverage model ' || m.model || ' is not valid on ' || strftime(f.date, '%Y-%m-%d')
            WHEN t.fact_id IS NOT NULL AND (o.position IS NULL OR t.position < o.position) THEN ''
            WHEN o.status <> 'unassigned' THEN o.reason
            WHEN e.account_id IS NULL THEN 'the fact''s account is not known on ' || strftime(f.date, '%Y-%m-%d')
            WHEN o.applicable_steps = 0 AND NOT o.has_trade_step
                THEN 'no step of the resolution order applies to this entity'
            ELSE o.reason END AS reason
FROM fact_seg f
CROSS JOIN model_code m
JOIN seg_entity e ON e.seg_id = f.seg_id
LEFT JOIN seg_outcome o ON o.seg_id = f.seg_id AND o.model = m.model
LEFT JOIN trade_hit t ON t.fact_id = f.fact_id AND t.model = m.model
LEFT JOIN seg_channel c ON c.seg_id = f.seg_id
"""

TEAM_VERSION_SQL = """
SELECT DISTINCT model, territory, valid_from, valid_to, team_version FROM team
"""

PLACEMENT_SQL = """
SELECT r.fact_id, r.coverage_model, r.date, r.kind, r.amount,
       CASE WHEN r.status = 'assigned' AND v.team_version IS NULL THEN 'no_team' ELSE r.status END AS status,
       r.territory, r.step, r.source, r.channel,
       CASE WHEN r.status = 'assigned' AND v.team_version IS NULL
                THEN 'territory ' || r.territory || ' has no coverage team in ' || r.coverage_model
                     || ' on the fact''s date'
            ELSE r.reason END AS reason,
       v.team_version
FROM resolved r
LEFT JOIN team_version v ON r.status = 'assigned' AND v.model = r.coverage_model AND v.territory = r.territory
    AND v.valid_from <= r.date AND r.date < v.valid_to
"""

CREDIT_SQL = """
WITH member AS (
    SELECT p.fact_id, p.coverage_model, p.territory, t.person_id, t.role, t.split, p.step, p.source,
           p.team_version, t.basis_points, t.member_order,
           CAST(p.amount * 100 AS BIGINT) AS cents
    FROM placement p
    JOIN team t ON t.team_version = p.team_version AND t.model = p.coverage_model AND t.territory = p.territory
    WHERE p.status = 'assigned'
),
floored AS (
    SELECT *,
           (abs(cents) // 10000) * basis_points + ((abs(cents) % 10000) * basis_points) // 10000 AS floor_cents,
           ((abs(cents) % 10000) * basis_points) % 10000 AS remainder
    FROM member
),
ranked AS (
    SELECT *,
           abs(cents) - sum(floor_cents) OVER (PARTITION BY fact_id, coverage_model) AS leftover,
           row_number() OVER (PARTITION BY fact_id, coverage_model ORDER BY remainder DESC, member_order) AS serve_order
    FROM floored
)
SELECT fact_id, coverage_model, territory, person_id, role, split,
       CAST(CAST(sign(cents) * (floor_cents + CASE WHEN serve_order <= leftover THEN 1 ELSE 0 END) AS DECIMAL(18, 0))
            * CAST(0.01 AS DECIMAL(3, 2)) AS DECIMAL(18, 2)) AS amount,
       step, source, team_version
FROM ranked
"""


def place_and_credit(backend: Backend) -> None:
    """Build `placement` (one row per fact and coverage model) and `credit` (one per member) from `fact_seg`."""
    backend.create("model_code", MODEL_CODE_SQL)
    backend.create("trade_hit", TRADE_HIT_SQL)
    backend.create("resolved", RESOLVED_SQL)
    backend.create("team_version", TEAM_VERSION_SQL)
    backend.create("placement", PLACEMENT_SQL)
    backend.create("credit", CREDIT_SQL)
