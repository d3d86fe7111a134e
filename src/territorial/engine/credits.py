"""Placements and credits in SQL: each fact in each coverage model, split among the team to the cent.

A book has tens of millions of placements and credits, so neither is stored whole. The
views `placement` and `credit` compute them as they are read or written, from narrow
tables: `fact_outcome` (each segment's outcome number in each coverage model),
`fact_team` (each placement that has a team, as integer keys and cents) and
`split_part` (the cent rule's result per team and remainder). The outcomes themselves
(status, territory, step, source, reason) are few, so each is stored once in `distinct_outcome`.
These tables are copies, so resolving entities later in the same run
(`BulkEngine.assign`) cannot change what the views show.

The split is the largest-remainder method of `domain/money.py` in integer cents:
each member first gets floor(|cents| × basis points / 10,000); the cents left over go
one each to the members with the largest dropped remainder, ties in member order
(role rank, then person id); a negative amount is split as its absolute value and
negated. With |cents| = q × 10,000 + r, a member's floor is q × basis points plus
floor(r × basis points / 10,000), and the remainders depend on r alone, so every
intermediate fits a BIGINT.
"""

from __future__ import annotations

from territorial.engine.backend import Backend

MODEL_NUMBER_SQL = "SELECT row_number() OVER (ORDER BY model) AS model_no, model FROM (SELECT DISTINCT model FROM model)"

# The distinct outcomes of the segments, because many segments share one.
DISTINCT_OUTCOME_SQL = """
SELECT row_number() OVER (ORDER BY model_no, status, territory, step, source, reason) AS outcome_no, *
FROM (
    SELECT DISTINCT m.model_no, o.model, o.status, o.territory, o.step, o.source, o.position, o.reason,
           o.has_trade_step, o.applicable_steps
    FROM seg_outcome o JOIN model_number m ON m.model = o.model
)
"""

# Each segment in each coverage model with its outcome number (NULL when the model is not valid on
# the segment's day), its channel, and whether its account is known that day.
FACT_OUTCOME_SQL = """
SELECT s.seg_id, m.model_no, a.outcome_no, e.account_id IS NOT NULL AS account_known, c.channel
FROM segment s
CROSS JOIN model_number m
JOIN seg_entity e ON e.seg_id = s.seg_id
LEFT JOIN seg_outcome o ON o.seg_id = s.seg_id AND o.model = m.model
LEFT JOIN distinct_outcome a ON a.model_no = m.model_no AND a.status = o.status
    AND a.territory IS NOT DISTINCT FROM o.territory AND a.step IS NOT DISTINCT FROM o.step
    AND a.source IS NOT DISTINCT FROM o.source AND a.position IS NOT DISTINCT FROM o.position
    AND a.reason = o.reason AND a.has_trade_step = o.has_trade_step AND a.applicable_steps = o.applicable_steps
LEFT JOIN seg_channel c ON c.seg_id = s.seg_id
"""

# Trade overrides that apply on the fact's date and agree, with their place in the order that day.
TRADE_HIT_SQL = """
SELECT f.fact_id, m.model_no, min(o.territory) AS territory, min(o.override_id) AS source,
       min(t.position) AS position
FROM fact_seg f
JOIN override o ON o.target = 'trade' AND o.target_id = f.fact_id AND o.active_from <= f.date AND f.date < o.active_to
JOIN model_step t ON t.model = o.model AND t.step = 'trade_override' AND t.valid_from <= f.date AND f.date < t.valid_to
JOIN model_number m ON m.model = o.model
GROUP BY f.fact_id, m.model_no
HAVING count(DISTINCT o.territory) = 1
"""

TEAM_NUMBER_SQL = """
SELECT row_number() OVER (ORDER BY model, territory, valid_from) AS team_no, model, territory, valid_from, valid_to,
       team_version
FROM (SELECT DISTINCT model, territory, valid_from, valid_to, team_version FROM team)
"""

TEAM_MEMBER_SQL = """
SELECT n.team_no, t.member_order, t.person_id, t.role, t.split, t.basis_points
FROM team t JOIN team_number n ON n.model = t.model AND n.territory = t.territory AND n.valid_from = t.valid_from
"""

# The landing of each fact in each coverage model. A trade override that comes earlier in the
# resolution order wins over the segment's outcome. `team_no` is the team of an assigned
# placement on the fact's date, NULL when the territory has none.
FACT_LANDING_SQL = """
WITH landed AS (
    SELECT f.fact_id, f.date, f.kind, f.amount, o.model_no, o.outcome_no, o.account_known, o.channel,
           a.model, a.status, a.territory, a.step, a.source, a.reason, a.has_trade_step, a.applicable_steps,
           t.fact_id IS NOT NULL AND a.status IS NOT NULL AND (a.position IS NULL OR t.position < a.position)
               AS by_trade,
           t.territory AS trade_territory, t.source AS trade_source
    FROM fact_seg f
    JOIN fact_outcome o ON o.seg_id = f.seg_id
    LEFT JOIN distinct_outcome a ON a.outcome_no = o.outcome_no
    LEFT JOIN trade_hit t ON t.fact_id = f.fact_id AND t.model_no = o.model_no
)
SELECT l.*, n.team_no, n.team_version
FROM landed l
LEFT JOIN team_number n ON (l.by_trade OR l.status = 'assigned') AND n.model = l.model
    AND n.territory = CASE WHEN l.by_trade THEN l.trade_territory ELSE l.territory END
    AND n.valid_from <= l.date AND l.date < n.valid_to
"""

# The placements that have a team, in integer cents split as |cents| = q × 10,000 + r.
FACT_TEAM_SQL = """
SELECT fact_id, model_no, outcome_no, by_trade, trade_source, team_no, sign(cents) AS sign,
       abs(cents) // 10000 AS q, abs(cents) % 10000 AS r
FROM (SELECT *, CAST(amount * 100 AS BIGINT) AS cents FROM fact_landing WHERE team_no IS NOT NULL)
"""

# A member gets q × basis points plus a part that depends only on the team and r: the floor of
# r × basis points / 10,000 and, by the largest remainder, maybe one cent more. So the cent rule
# runs once per team and r that occur (at most 10,000 per team), not once per credit.
SPLIT_PART_SQL = """
WITH floored AS (
    SELECT k.team_no, k.r, m.member_order, (k.r * m.basis_points) // 10000 AS floor_cents,
           (k.r * m.basis_points) % 10000 AS remainder
    FROM (SELECT DISTINCT team_no, r FROM fact_team) k JOIN team_member m ON m.team_no = k.team_no
),
ranked AS (
    SELECT *,
           r - sum(floor_cents) OVER split AS leftover,
           row_number() OVER (split ORDER BY remainder DESC, member_order) AS serve_order
    FROM floored
    WINDOW split AS (PARTITION BY team_no, r)
)
SELECT team_no, r, member_order, floor_cents + CASE WHEN serve_order <= leftover THEN 1 ELSE 0 END AS part_cents
FROM ranked
"""

# The reason of an unassigned fact follows the reference: an invalid coverage model, then an
# unknown account, then no step that applies, then the segment's own reason.
PLACEMENT_VIEW_SQL = """
SELECT p.fact_id, m.model AS coverage_model, p.date, p.kind, p.amount,
       CASE WHEN p.status IS NULL THEN 'unassigned'
            WHEN (p.by_trade OR p.status = 'assigned') AND p.team_no IS NULL THEN 'no_team'
            WHEN p.by_trade THEN 'assigned'
            ELSE p.status END AS status,
       CASE WHEN p.by_trade THEN p.trade_territory ELSE p.territory END AS territory,
       CASE WHEN p.by_trade THEN 'trade_override' ELSE p.step END AS step,
       CASE WHEN p.by_trade THEN p.trade_source ELSE p.source END AS source,
       p.channel,
       CASE WHEN p.status IS NULL
                THEN 'coverage model ' || m.model || ' is not valid on ' || strftime(p.date, '%Y-%m-%d')
            WHEN (p.by_trade OR p.status = 'assigned') AND p.team_no IS NULL
                THEN 'territory ' || CASE WHEN p.by_trade THEN p.trade_territory ELSE p.territory END
                     || ' has no coverage team in ' || m.model || ' on the fact''s date'
            WHEN p.by_trade THEN ''
            WHEN p.status <> 'unassigned' THEN p.reason
            WHEN NOT p.account_known THEN 'the fact''s account is not known on ' || strftime(p.date, '%Y-%m-%d')
            WHEN p.applicable_steps = 0 AND NOT p.has_trade_step
                THEN 'no step of the resolution order applies to this entity'
            ELSE p.reason END AS reason,
       p.team_version
FROM fact_landing p JOIN model_number m ON m.model_no = p.model_no
"""

CREDIT_VIEW_SQL = """
SELECT c.fact_id, n.model AS coverage_model, n.territory, m.person_id, m.role, m.split,
       CAST(CAST(c.sign * (c.q * m.basis_points + s.part_cents) AS DECIMAL(18, 0)) * CAST(0.01 AS DECIMAL(3, 2))
            AS DECIMAL(18, 2)) AS amount,
       CASE WHEN c.by_trade THEN 'trade_override' ELSE a.step END AS step,
       CASE WHEN c.by_trade THEN c.trade_source ELSE a.source END AS source,
       n.team_version
FROM fact_team c
JOIN team_number n ON n.team_no = c.team_no
JOIN team_member m ON m.team_no = c.team_no
JOIN split_part s ON s.team_no = c.team_no AND s.r = c.r AND s.member_order = m.member_order
JOIN distinct_outcome a ON a.outcome_no = c.outcome_no
"""


def place_and_credit(backend: Backend) -> None:
    """Build the views `placement` (one row per fact and coverage model) and `credit` (one per member)."""
    backend.create("model_number", MODEL_NUMBER_SQL)
    backend.create("distinct_outcome", DISTINCT_OUTCOME_SQL)
    backend.create("fact_outcome", FACT_OUTCOME_SQL)
    backend.create("trade_hit", TRADE_HIT_SQL)
    backend.create("team_number", TEAM_NUMBER_SQL)
    backend.create("team_member", TEAM_MEMBER_SQL)
    backend.create_view("fact_landing", FACT_LANDING_SQL)
    backend.create("fact_team", FACT_TEAM_SQL)
    backend.create("split_part", SPLIT_PART_SQL)
    backend.create_view("placement", PLACEMENT_VIEW_SQL)
    backend.create_view("credit", CREDIT_VIEW_SQL)
