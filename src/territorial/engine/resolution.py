"""The resolution order walk in SQL, for every segment at once.

Input: `segment(seg_id, day, account_id, contact_given, organisation_given)`, one row
per subject and day to resolve. A fact's subject is its account and advisor; an
entity's subject is the entity itself. The walk reads the versions valid on `day`,
exactly as `rules/resolution.py` does for one subject:

- the account; the contact (the one given, else the account's); the organisation
  chain from the contact's organisation, else the account's, up through the parents
  valid that day;
- effective attributes per view (account, contact, each organisation of the chain):
  the nearest non-blank value wins, derived attributes included;
- the hits of each step (overrides that apply and agree, account rules, rule rankings),
  and the first hit in the coverage model's resolution order wins.

Output: `seg_outcome(seg_id, model, status, territory, step, source, position, reason,
tied_codes, has_trade_step)` for the models valid on the segment's day, `seg_channel(seg_id,
channel)`, and `seg_entity` (the versions each segment read).
"""

from __future__ import annotations

from territorial.engine.backend import Backend
from territorial.engine.rule_compiler import CANDIDATE_SQL, CONDITION_CHECK_SQL, MATCHED_SQL, RANKING_SQL

# Chains longer than this are cut; the store rejects cycles, and real hierarchies are a few levels deep.
MAX_CHAIN_DEPTH = 64

SEG_VERSION_SQL = """
SELECT g.seg_id, g.day, a.id AS account_id, a.valid_from AS account_from, a.omnibus,
       c.id AS contact_id, c.valid_from AS contact_from,
       coalesce(g.organisation_given, c.organisation_id, a.organisation_id) AS org0
FROM segment g
LEFT JOIN account a ON a.id = g.account_id AND a.valid_from <= g.day AND g.day < a.valid_to
LEFT JOIN contact c ON c.id = coalesce(g.contact_given, a.contact_id)
    AND c.valid_from <= g.day AND g.day < c.valid_to
"""

SEG_ENTITY_SQL = """
SELECT s.*, EXISTS (SELECT 1 FROM chain c WHERE c.seg_id = s.seg_id) AS org0_valid FROM seg_version s
"""

CHAIN_START_SQL = """
SELECT s.seg_id, s.day, 0 AS depth, o.id AS org_id, o.valid_from AS org_from, o.valid_to AS org_to, o.parent_id
FROM seg_version s JOIN organisation o ON o.id = s.org0 AND o.valid_from <= s.day AND s.day < o.valid_to
"""

# One level up the chain; an organisation already on the chain ends it, as in the reference walk.
CHAIN_STEP_SQL = """
INSERT INTO chain
SELECT c.seg_id, c.day, c.depth + 1, o.id, o.valid_from, o.valid_to, o.parent_id
FROM chain c JOIN organisation o ON o.id = c.parent_id AND o.valid_from <= c.day AND c.day < o.valid_to
WHERE c.depth = ? AND NOT EXISTS (SELECT 1 FROM chain x WHERE x.seg_id = c.seg_id AND x.org_id = o.id)
"""

# The attribute names any rule reads, plus channel, which placements report.
NEEDED_NAME_SQL = "SELECT DISTINCT name FROM rule_attribute UNION SELECT 'channel'"

# Raw attribute values per segment: the account's at depth -2, the contact's at -1, the chain's at
# its depth. `level` orders them nearest first, leaving room for the derived attributes.
SEG_RAW_SQL = """
SELECT s.seg_id, -2 AS depth, 1 AS level, e.name, e.value
FROM seg_entity s JOIN entity_attribute e ON e.kind = 'account' AND e.id = s.account_id AND e.valid_from = s.account_from
WHERE e.name IN (SELECT name FROM needed_name)
UNION ALL
SELECT s.seg_id, -1, 3, e.name, e.value
FROM seg_entity s JOIN entity_attribute e ON e.kind = 'contact' AND e.id = s.contact_id AND e.valid_from = s.contact_from
WHERE e.name IN (SELECT name FROM needed_name)
UNION ALL
SELECT c.seg_id, c.depth, 5 + c.depth, e.name, e.value
FROM chain c JOIN entity_attribute e ON e.kind = 'organisation' AND e.id = c.org_id AND e.valid_from = c.org_from
WHERE e.name IN (SELECT name FROM needed_name)
"""

SEG_CHANNEL_SQL = """
SELECT seg_id, arg_min(value, level) AS channel FROM seg_raw WHERE name = 'channel' GROUP BY seg_id
"""

# Derived attributes of the organisation view at each depth: that organisation and the chain's root.
ORG_DERIVED_SQL = """
WITH firm AS (SELECT seg_id, arg_max(org_id, depth) AS firm FROM chain GROUP BY seg_id)
SELECT c.seg_id, c.depth, 'organisation' AS name, c.org_id AS value FROM chain c
UNION ALL
SELECT c.seg_id, c.depth, 'firm', f.firm FROM chain c JOIN firm f ON f.seg_id = c.seg_id
"""

# Every view to rank: -2 the account view, -1 the contact view, d >= 0 the organisation at depth d.
SEG_VIEW_SQL = """
SELECT seg_id, day, -2 AS view FROM seg_entity WHERE account_id IS NOT NULL
UNION ALL
SELECT seg_id, day, -1 FROM seg_entity WHERE contact_id IS NOT NULL
UNION ALL
SELECT seg_id, day, depth FROM chain
"""

# Views that cannot differ share one number, so each is matched against the rules once.
# What an organisation view contains is fixed by its organisation, the rule epoch and the versions
# on the chain above it. Those versions are in turn fixed by the interval over which they all
# overlap, [latest start, earliest end), and by the number of levels. A contact view adds the
# contact's version. Account views are nearly all different, so each keeps its own number.
CHAIN_KEY_SQL = """
SELECT seg_id, depth, org_id,
       max(org_from) OVER above AS chain_from, min(org_to) OVER above AS chain_to,
       count(*) OVER above AS chain_levels
FROM chain
WINDOW above AS (PARTITION BY seg_id ORDER BY depth DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
"""

VIEW_KEY_SQL = """
SELECT v.seg_id, v.view, e.epoch_start,
       CASE WHEN v.view = -2 THEN v.seg_id ELSE 0 END AS key_segment,
       CASE WHEN v.view = -1 THEN s.contact_id ELSE '' END AS key_contact,
       CASE WHEN v.view = -1 THEN s.contact_from ELSE DATE '0001-01-01' END AS key_contact_from,
       CASE WHEN v.view = -2 THEN '' ELSE coalesce(k.org_id, '') END AS key_org,
       CASE WHEN v.view = -2 THEN DATE '0001-01-01' ELSE coalesce(k.chain_from, DATE '0001-01-01') END AS key_from,
       CASE WHEN v.view = -2 THEN DATE '0001-01-01' ELSE coalesce(k.chain_to, DATE '0001-01-01') END AS key_to,
       CASE WHEN v.view = -2 THEN 0 ELSE coalesce(k.chain_levels, 0) END AS key_levels
FROM seg_view v
JOIN seg_entity s ON s.seg_id = v.seg_id
JOIN epoch e ON e.epoch_start <= v.day AND v.day < e.epoch_end
LEFT JOIN chain_key k ON k.seg_id = v.seg_id AND k.depth = greatest(v.view, 0)
"""

VIEW_CONTENT_SQL = """
SELECT row_number() OVER (ORDER BY epoch_start, key_segment, key_contact, key_contact_from, key_org, key_from,
                                   key_to, key_levels) AS vid, *
FROM (SELECT DISTINCT epoch_start, key_segment, key_contact, key_contact_from, key_org, key_from, key_to, key_levels
      FROM view_key)
"""

VIEW_VID_SQL = """
SELECT k.seg_id, k.view, c.vid
FROM view_key k JOIN view_content c ON c.epoch_start = k.epoch_start AND c.key_segment = k.key_segment
    AND c.key_contact = k.key_contact AND c.key_contact_from = k.key_contact_from AND c.key_org = k.key_org
    AND c.key_from = k.key_from AND c.key_to = k.key_to AND c.key_levels = k.key_levels
"""

# The views each number stands for: one of its segments and views.
VIEW_REPRESENTATIVE_SQL = """
SELECT vid, min(seg_id) AS seg_id, arg_min(view, seg_id) AS view FROM view_vid GROUP BY vid
"""

# Effective attributes per distinct view: the value at the lowest level wins (derived levels 0, 2 and 4).
VIEW_VALUE_SQL = """
WITH entries AS (
    SELECT v.vid, r.level, r.name, r.value
    FROM view_representative v JOIN seg_raw r ON r.seg_id = v.seg_id AND (r.depth >= v.view OR v.view = -2)
    UNION ALL
    SELECT v.vid, 0, 'account', s.account_id
    FROM view_representative v JOIN seg_entity s ON s.seg_id = v.seg_id WHERE v.view = -2
    UNION ALL
    SELECT v.vid, 0, 'omnibus', CASE WHEN s.omnibus THEN 'true' ELSE 'false' END
    FROM view_representative v JOIN seg_entity s ON s.seg_id = v.seg_id WHERE v.view = -2
    UNION ALL
    SELECT v.vid, 2, 'contact', s.contact_id
    FROM view_representative v JOIN seg_entity s ON s.seg_id = v.seg_id WHERE v.view < 0 AND s.contact_id IS NOT NULL
    UNION ALL
    SELECT v.vid, 4, d.name, d.value
    FROM view_representative v JOIN org_derived d ON d.seg_id = v.seg_id AND d.depth = greatest(v.view, 0)
)
SELECT vid, name, arg_min(value, level) AS value
FROM entries WHERE name IN (SELECT name FROM rule_attribute)
GROUP BY vid, name
"""

_OVERRIDE_HIT = """
SELECT s.seg_id, o.model, '{step}' AS step, 0 AS depth, min(o.territory) AS territory,
       min(o.override_id) AS source, CAST(NULL AS VARCHAR) AS tied_codes, CAST(NULL AS BIGINT) AS tied_priority
FROM seg_entity s JOIN override o ON o.target = '{target}' AND o.target_id = s.{column}
    AND o.active_from <= s.day AND s.day < o.active_to
GROUP BY s.seg_id, o.model
HAVING count(DISTINCT o.territory) = 1
"""

# Every step that hits. Overrides hit when those that apply agree on the territory; two that
# disagree are no hit. A rule ranking hits with a winner or with a conflict.
STEP_HIT_SQL = (
    _OVERRIDE_HIT.format(step="account_override", target="account", column="account_id")
    + "UNION ALL"
    + _OVERRIDE_HIT.format(step="contact_override", target="contact", column="contact_id")
    + """UNION ALL
SELECT c.seg_id, o.model, 'organisation_override', c.depth, min(o.territory), min(o.override_id),
       CAST(NULL AS VARCHAR), CAST(NULL AS BIGINT)
FROM chain c JOIN override o ON o.target = 'organisation' AND o.target_id = c.org_id
    AND o.active_from <= c.day AND c.day < o.active_to
GROUP BY c.seg_id, o.model, c.depth
HAVING count(DISTINCT o.territory) = 1
UNION ALL
SELECT s.seg_id, r.model, 'account_rule', 0, r.territory, r.code, CAST(NULL AS VARCHAR), CAST(NULL AS BIGINT)
FROM seg_entity s JOIN account_rule r ON r.account_id = s.account_id AND r.valid_from <= s.day AND s.day < r.valid_to
UNION ALL
SELECT v.seg_id, g.model,
       CASE WHEN v.view = -2 THEN 'account_attributes' WHEN v.view = -1 THEN 'contact_attributes'
            ELSE 'organisation_attributes' END,
       greatest(v.view, 0),
       CASE WHEN NOT g.conflict THEN g.territory END,
       CASE WHEN NOT g.conflict THEN g.code END,
       g.tied_codes,
       CASE WHEN g.conflict THEN g.priority END
FROM view_vid v JOIN ranking g ON g.vid = v.vid
"""
)

SEG_MODEL_SQL = """
SELECT s.seg_id, s.day, m.model,
       EXISTS (SELECT 1 FROM model_step t WHERE t.model = m.model AND t.step = 'trade_override'
               AND t.valid_from <= s.day AND s.day < t.valid_to) AS has_trade_step
FROM segment s JOIN model m ON m.valid_from <= s.day AND s.day < m.valid_to
"""

# The first hit in the resolution order wins, and within the organisation step the nearest
# organisation wins. A step hits at most once per depth, because overrides that agree are grouped
# into one hit and the store keeps an account's rule versions from overlapping. So (position,
# depth) names one hit.
SEG_WINNER_SQL = """
WITH placed AS (
    SELECT h.*, t.position, t.position * 1000 + h.depth AS hit_order
    FROM step_hit h
    JOIN seg_model m ON m.seg_id = h.seg_id AND m.model = h.model
    JOIN model_step t ON t.model = h.model AND t.step = h.step AND t.valid_from <= m.day AND m.day < t.valid_to
)
SELECT p.*
FROM placed p
JOIN (SELECT seg_id, model, min(hit_order) AS hit_order FROM placed GROUP BY seg_id, model) f
    ON f.seg_id = p.seg_id AND f.model = p.model AND f.hit_order = p.hit_order
"""

# Of the views whose attribute step runs, the first in the resolution order gives the "no rule
# matched" note of an unassigned segment, with the rule attributes that are blank in it.
SEG_NOTE_SQL = """
WITH open AS (
    SELECT m.seg_id, m.model, m.day FROM seg_model m
    WHERE NOT EXISTS (SELECT 1 FROM seg_winner w WHERE w.seg_id = m.seg_id AND w.model = m.model)
),
first_view AS (
    SELECT o.seg_id, o.model, arg_min(v.view, t.position) AS view
    FROM open o
    JOIN seg_view v ON v.seg_id = o.seg_id AND v.view <= 0
    JOIN model_step t ON t.model = o.model AND t.valid_from <= o.day AND o.day < t.valid_to
        AND t.step = CASE WHEN v.view = -2 THEN 'account_attributes' WHEN v.view = -1 THEN 'contact_attributes'
                          ELSE 'organisation_attributes' END
    GROUP BY o.seg_id, o.model
),
blanks AS (
    SELECT f.seg_id, f.model, string_agg(r.name || ' is blank', ', ' ORDER BY r.name) AS blanks
    FROM first_view f
    JOIN rule_attribute r ON r.model = f.model
    JOIN view_vid v ON v.seg_id = f.seg_id AND v.view = f.view
    LEFT JOIN view_value a ON a.vid = v.vid AND a.name = r.name
    WHERE a.name IS NULL
    GROUP BY f.seg_id, f.model
),
applicable AS (
    SELECT o.seg_id, o.model, count(t.step) AS steps
    FROM open o
    JOIN seg_entity s ON s.seg_id = o.seg_id
    LEFT JOIN model_step t ON t.model = o.model AND t.valid_from <= o.day AND o.day < t.valid_to
        AND ((t.step IN ('account_override', 'account_rule', 'account_attributes') AND s.account_id IS NOT NULL)
             OR (t.step IN ('contact_override', 'contact_attributes') AND s.contact_id IS NOT NULL)
             OR (t.step IN ('organisation_override', 'organisation_attributes') AND s.org0_valid))
    GROUP BY o.seg_id, o.model
)
SELECT o.seg_id, o.model, p.steps,
       CASE WHEN f.view IS NULL THEN NULL
            WHEN b.blanks IS NULL THEN 'no rule matched'
            ELSE 'no rule matched (' || b.blanks || ')' END AS note
FROM open o
JOIN applicable p ON p.seg_id = o.seg_id AND p.model = o.model
LEFT JOIN first_view f ON f.seg_id = o.seg_id AND f.model = o.model
LEFT JOIN blanks b ON b.seg_id = o.seg_id AND b.model = o.model
"""

# `reason` here is the segment's part of the reason; a fact adds what only it knows (its date,
# its account, its trade override).
SEG_OUTCOME_SQL = """
SELECT m.seg_id, m.model, m.has_trade_step,
       CASE WHEN w.tied_codes IS NOT NULL THEN 'conflict' WHEN w.step IS NOT NULL THEN 'assigned'
            ELSE 'unassigned' END AS status,
       w.territory, w.step, w.source, w.position, w.tied_codes,
       CASE WHEN w.tied_codes IS NOT NULL
                THEN 'conflict: rules ' || w.tied_codes || ' tie at priority ' || CAST(w.tied_priority AS VARCHAR)
            WHEN w.step IS NOT NULL THEN ''
            WHEN n.note IS NOT NULL THEN n.note
            ELSE 'no override, account rule or attribute rule applies' END AS reason,
       coalesce(n.steps, 1) AS applicable_steps
FROM seg_model m
LEFT JOIN seg_winner w ON w.seg_id = m.seg_id AND w.model = m.model
LEFT JOIN seg_note n ON n.seg_id = m.seg_id AND n.model = m.model
"""


# Tables only the walk reads; dropped once `seg_outcome` is built, to keep memory for what follows.
_WORK_TABLES = ("seg_version", "chain", "needed_name", "seg_raw", "org_derived", "seg_view", "chain_key", "view_key",
                "view_content", "view_vid", "view_representative", "view_value", "candidate", "condition_check",
                "matched", "ranking", "step_hit", "seg_model", "seg_winner", "seg_note")


def resolve_segments(backend: Backend) -> None:
    """Resolve every row of `segment` in every coverage model valid on its day."""
    backend.create("seg_version", SEG_VERSION_SQL)
    _build_chain(backend)
    backend.create("seg_entity", SEG_ENTITY_SQL)
    backend.create("needed_name", NEEDED_NAME_SQL)
    backend.create("seg_raw", SEG_RAW_SQL)
    backend.create("seg_channel", SEG_CHANNEL_SQL)
    backend.create("org_derived", ORG_DERIVED_SQL)
    backend.create("seg_view", SEG_VIEW_SQL)

    backend.create("chain_key", CHAIN_KEY_SQL)
    backend.create("view_key", VIEW_KEY_SQL)
    backend.create("view_content", VIEW_CONTENT_SQL)
    backend.create("view_vid", VIEW_VID_SQL)
    backend.create("view_representative", VIEW_REPRESENTATIVE_SQL)
    backend.create("view_value", VIEW_VALUE_SQL)

    backend.create("candidate", CANDIDATE_SQL)
    backend.create("condition_check", CONDITION_CHECK_SQL)
    backend.create("matched", MATCHED_SQL)
    backend.create("ranking", RANKING_SQL)

    backend.create("step_hit", STEP_HIT_SQL)
    backend.create("seg_model", SEG_MODEL_SQL)
    backend.create("seg_winner", SEG_WINNER_SQL)
    backend.create("seg_note", SEG_NOTE_SQL)
    backend.create("seg_outcome", SEG_OUTCOME_SQL)
    backend.drop(*_WORK_TABLES)


def _build_chain(backend: Backend) -> None:
    """Walk up the organisation tree one level per statement until no segment has a parent left."""
    backend.create("chain", CHAIN_START_SQL)
    for depth in range(MAX_CHAIN_DEPTH):
        before = backend.count("chain")
        backend.execute(CHAIN_STEP_SQL, [depth])
        if backend.count("chain") == before:
            break
