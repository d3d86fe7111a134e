"""Benchmark territorial's bulk pipeline against a hand-written DuckDB query and a pandas version.

    python benchmarks/run.py S M          # sizes to run, each in one run of this script
    python benchmarks/run.py --repeat 3 M

Each contestant runs in its own subprocess, so its wall time and peak resident memory
(ru_maxrss of that process) are its own. Results print as a Markdown table and go to
benchmarks/results/<size>.json.

- territorial: the full pipeline: load master data and facts, slice time, compile and
  match rules, walk the resolution order, split credits to the cent, write credits and
  placements to Parquet, then assign every entity on one day.
- duckdb-minimal: the joins and sums only, on current versions, no time, priorities,
  overrides or cent rule: the lower bound an engine on this machine can reach.
- pandas: the same joins and sums as idiomatic vectorized pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"
CONTESTANTS = ("territorial", "duckdb-minimal", "pandas")
MEMORY_LIMIT = "3GB"
PEAK_PREFIX = "peak_rss_mib="


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", default=["S"], help="Book sizes: S, M or L.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per contestant; the median is reported.")
    parser.add_argument("--contestant", help=argparse.SUPPRESS)
    parser.add_argument("--latency", action="store_true", help="Also time assigning one advisor (Python API).")
    options = parser.parse_args()
    if options.contestant:
        _run_contestant(options.contestant, options.sizes[0])
        return
    for size in options.sizes:
        _benchmark(size, options.repeat)
    if options.latency:
        print(json.dumps(_one_advisor_latency(), indent=2))


def _benchmark(size: str, repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    import book

    started = time.perf_counter()
    book.generate(book.SIZES[size], DATA)
    print(f"size {size}: book ready in {time.perf_counter() - started:.1f} s", flush=True)
    results = {name: [_measure(name, size) for _ in range(repeat)] for name in CONTESTANTS}
    summary = {name: _summary(runs) for name, runs in results.items()}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{size}.json").write_text(json.dumps(summary, indent=2))
    _print_table(size, summary)


def _measure(contestant: str, size: str) -> dict:
    """Run one contestant in a child process; return its wall time, the child's peak RSS and whether it failed.

    A contestant that fails, for example when the kernel stops it for lack of memory, is
    recorded as failed so that the other contestants of the run still get measured.
    """
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--contestant", contestant, size], stdout=subprocess.PIPE)
    output = child.stdout.read().decode() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    failed = os.waitstatus_to_exitcode(status) != 0
    printed = "; ".join(line for line in output.splitlines() if not line.startswith(PEAK_PREFIX))
    outcome = f"FAILED with exit code {os.waitstatus_to_exitcode(status)}" if failed else printed
    peak = _reported_peak(output) or usage.ru_maxrss / 1024
    print(f"  {contestant:15s} {seconds:8.2f} s  {peak:8.0f} MiB  {outcome}", flush=True)
    return {"seconds": seconds, "peak_rss_mib": peak, "output": outcome, "failed": failed}


def _reported_peak(output: str) -> float | None:
    """Return the peak RSS in MiB that a contestant printed last, or None when it printed none."""
    lines = [line for line in output.splitlines() if line.startswith(PEAK_PREFIX)]
    return float(lines[-1].removeprefix(PEAK_PREFIX)) if lines else None


def _summary(runs: list[dict]) -> dict:
    completed = [r for r in runs if not r["failed"]]
    return {"seconds": statistics.median(r["seconds"] for r in completed) if completed else None,
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs), "failed": len(runs) - len(completed),
            "runs": runs}


def _print_table(size: str, summary: dict) -> None:
    lower = summary["duckdb-minimal"]["seconds"]
    pandas = summary["pandas"]["seconds"]
    print(f"\n| size {size} | median wall (s) | peak RSS (MiB) | × hand-written DuckDB | pandas ÷ this |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, result in summary.items():
        seconds = result["seconds"]
        if seconds is None:
            print(f"| {name} | failed | {result['peak_rss_mib']:.0f} | | |")
            continue
        versus_lower = f"{seconds / lower:.2f}" if lower else ""
        versus_pandas = f"{pandas / seconds:.2f}" if pandas else ""
        print(f"| {name} | {seconds:.2f} | {result['peak_rss_mib']:.0f} | {versus_lower} | {versus_pandas} |")


def _run_contestant(name: str, size: str) -> None:
    folder = DATA / size
    {"territorial": _territorial, "duckdb-minimal": _duckdb_minimal, "pandas": _pandas}[name](folder)
    print(f"{PEAK_PREFIX}{_own_peak_mib()}")


def _own_peak_mib() -> float:
    # VmHWM is the peak of this program's own memory. The rusage a parent collects also counts
    # the pages the child shared with the parent before exec, which would bill the benchmark
    # script's memory to every contestant.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _territorial(folder: Path) -> None:
    from territorial.engine.bulk import BulkEngine
    from territorial.engine.duckdb_backend import DuckDBBackend

    out = folder / "out"
    out.mkdir(exist_ok=True)
    engine = BulkEngine(DuckDBBackend(memory_limit=MEMORY_LIMIT))
    tables = {p.stem: p for p in folder.glob("*.parquet") if p.stem != "fact"}
    engine.load_master_files(tables)
    engine.load_fact_files([folder / "fact.parquet"])
    engine.attribute()
    engine.write_credits(out / "credits.parquet")
    engine.write_placements(out / "placements.parquet")
    credited = engine.backend.to_arrow("SELECT count(*) AS n, sum(amount) AS total FROM credit").to_pylist()[0]
    assignments = engine.assign(date(2025, 12, 31))
    print(f"credits {credited['n']} total {credited['total']} assignments {assignments.num_rows}")


# The joins and sums alone: each coverage model's territory by a hash join on current versions,
# then amount × split summed per person, with no time, ranking, overrides or cent rule.
MINIMAL_SQL = """
WITH account_now AS (SELECT id, contact_id FROM account WHERE valid_to = DATE '9999-12-31'),
contact_now AS (SELECT id, organisation_id, valid_from FROM contact WHERE valid_to = DATE '9999-12-31'),
contact_zip AS (
    SELECT c.id, a.value AS zip FROM contact_now c
    JOIN entity_attribute a ON a.kind = 'contact' AND a.id = c.id AND a.valid_from = c.valid_from AND a.name = 'zip'
),
zip_territory AS (
    SELECT k.value AS zip, r.territory FROM rule_key k JOIN rule r ON r.rule_id = k.rule_id
    WHERE r.model = 'RETAIL' AND k.attribute = 'zip'
),
firm_territory AS (
    SELECT k.value AS firm, r.territory FROM rule_key k JOIN rule r ON r.rule_id = k.rule_id
    WHERE r.model = 'NATIONAL'
),
placed AS (
    SELECT 'RETAIL' AS model, z.territory, f.amount
    FROM fact f JOIN account_now a ON a.id = f.account_id JOIN contact_zip c ON c.id = a.contact_id
    JOIN zip_territory z ON z.zip = c.zip
    UNION ALL
    SELECT 'NATIONAL', t.territory, f.amount
    FROM fact f JOIN account_now a ON a.id = f.account_id JOIN contact_now c ON c.id = a.contact_id
    JOIN organisation o ON o.id = c.organisation_id JOIN firm_territory t ON t.firm = o.parent_id
    UNION ALL
    SELECT 'INSTITUTIONAL', r.territory, f.amount
    FROM fact f JOIN account_rule r ON r.account_id = f.account_id
)
SELECT p.model, t.person_id, sum(p.amount * t.split / 100) AS credited
FROM placed p JOIN team t ON t.model = p.model AND t.territory = p.territory
GROUP BY p.model, t.person_id
"""


def _duckdb_minimal(folder: Path) -> None:
    import duckdb

    connection = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    for path in folder.glob("*.parquet"):
        connection.execute(f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')")
    rows = connection.execute(MINIMAL_SQL).fetchall()
    print(f"people {len(rows)} total {sum(r[2] for r in rows)}")


def _pandas(folder: Path) -> None:
    import pandas as pd

    def read(name: str, columns: list[str] | None = None) -> pd.DataFrame:
        return pd.read_parquet(folder / f"{name}.parquet", columns=columns)

    fact = read("fact", ["account_id", "amount"])
    fact["amount"] = fact["amount"].astype("float64")
    account = read("account")
    account = account[account["valid_to"] == date(9999, 12, 31)][["id", "contact_id"]]
    contact = read("contact")
    contact = contact[contact["valid_to"] == date(9999, 12, 31)][["id", "organisation_id", "valid_from"]]
    attributes = read("entity_attribute")
    zips = attributes[(attributes["kind"] == "contact") & (attributes["name"] == "zip")]
    contact_zip = contact.merge(zips, on=["id", "valid_from"])[["id", "value"]].rename(columns={"value": "zip"})
    keys = read("rule_key").merge(read("rule", ["rule_id", "model", "territory"]), on="rule_id")
    zip_territory = keys[(keys["model"] == "RETAIL") & (keys["attribute"] == "zip")][["value", "territory"]]
    firm_territory = keys[keys["model"] == "NATIONAL"][["value", "territory"]]
    organisation = read("organisation", ["id", "parent_id"])

    with_contact = fact.merge(account, left_on="account_id", right_on="id").drop(columns="id")
    retail = (with_contact.merge(contact_zip, left_on="contact_id", right_on="id")
              .merge(zip_territory, left_on="zip", right_on="value")[["territory", "amount"]].assign(model="RETAIL"))
    national = (with_contact.merge(contact[["id", "organisation_id"]], left_on="contact_id", right_on="id")
                .merge(organisation, left_on="organisation_id", right_on="id", suffixes=("", "_org"))
                .merge(firm_territory, left_on="parent_id", right_on="value")[["territory", "amount"]]
                .assign(model="NATIONAL"))
    institutional = (fact.merge(read("account_rule", ["account_id", "territory"]), on="account_id")
                     [["territory", "amount"]].assign(model="INSTITUTIONAL"))
    placed = pd.concat([retail, national, institutional], ignore_index=True)

    team = read("team", ["model", "territory", "person_id", "split"])
    team["split"] = team["split"].astype("float64")
    credited = placed.merge(team, on=["model", "territory"])
    credited["credited"] = credited["amount"] * credited["split"] / 100
    totals = credited.groupby(["model", "person_id"], as_index=False)["credited"].sum()
    print(f"people {len(totals)} total {totals['credited'].sum():.2f}")


def _one_advisor_latency(samples: int = 2000) -> dict:
    """Time assigning one new advisor through the Python API with the 42,000-ZIP rule set loaded."""
    sys.path.insert(0, str(HERE))
    import book

    from territorial.domain.entity import Contact, EntityKind, Organisation
    from territorial.rules.resolution import Resolver

    data = book.rules_and_teams()
    data.add_organisation(Organisation("F00001", "Firm"))
    resolver = Resolver(data)
    models = data.model_codes()
    timings = []
    for number in range(samples):
        started = time.perf_counter()
        advisor = Contact(f"NEW{number}", "New advisor", "F00001",
                          {"zip": book._zip(number * 7919 % book.ZIP_RULES), "channel": f"CH{number % 5}"})
        data.add_contact(advisor)
        subject = resolver.entity_subject(EntityKind.CONTACT, advisor.id, date(2025, 12, 31))
        answers = [resolver.resolve(model, subject) for model in models]
        timings.append(time.perf_counter() - started)
        assert answers[0].territory or answers[1].territory
    timings.sort()
    return {"samples": samples, "median_ms": statistics.median(timings) * 1000,
            "p99_ms": timings[int(samples * 0.99) - 1] * 1000}


if __name__ == "__main__":
    main()
