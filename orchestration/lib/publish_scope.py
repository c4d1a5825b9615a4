"""Which months of the big facts can differ from the version last published from the warehouse.

The publish fingerprints every chunk (a month) of every mart to find what changed
(orchestration/lib/publish_build.py): at the large size, hashing a year of agent-state pieces,
schedule pieces and segments cost about 9 s a night. Those three facts are rebuilt by day: an
incremental dbt build deletes and appends only the rows of the days int_dates_affected names
(docs/decisions.md "Late and corrected data"). So the build state (schema build_state, beside
the consumed files) keeps those days, accumulated over every dbt build since the last publish
(a build whose publish was blocked still counts), or a mark that anything may differ (a full
refresh). The publish then hashes only their months in those facts and takes the other months'
fingerprints from the version it replaces, provided that version is the one last published
from this warehouse (not after a rollback, not another warehouse's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import duckdb

from orchestration.lib.build_state import STATE_SCHEMA, ensure_state_schema
from orchestration.lib.publish_build import ChunkScope

DATES_TABLE = f"{STATE_SCHEMA}.unpublished_dates"
PUBLISHED_TABLE = f"{STATE_SCHEMA}.last_publish"
ANY_DATE = "*"  # the scope of the mark that anything may differ
AFFECTED_DATES = "intermediate.int_dates_affected"

# The facts rebuilt by day, each by the date scope of int_dates_affected its local_date is in
# (their pre-hook is delete_affected_dates(scope): tests/unit/test_publish_scope.py checks it).
MARTS_REBUILT_BY_DAY: dict[str, str] = {
    "fct_agent_state_intervals": "reporting",
    "fct_schedules": "reporting",
    "fct_contact_segments": "queue_local",
}


@dataclass(frozen=True)
class Unpublished:
    """The days rebuilt since `published_from` was published from this warehouse, by date
    scope; `dates` None: anything may differ."""

    published_from: str | None
    dates: Mapping[str, frozenset[date]] | None


def ensure_publish_state(con: duckdb.DuckDBPyConnection) -> None:
    ensure_state_schema(con)
    con.execute(
        f"create table if not exists {DATES_TABLE} (date_scope varchar, affected_date date)"
    )
    con.execute(f"create table if not exists {PUBLISHED_TABLE} (version varchar)")


def record_rebuilt_dates(con: duckdb.DuckDBPyConnection, *, full_refresh: bool) -> None:
    """After a successful dbt build, inside the transaction that records it: the days it rebuilt
    (int_dates_affected), or the mark that anything may differ."""
    ensure_publish_state(con)
    present = con.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'intermediate' and table_name = 'int_dates_affected'"
    ).fetchone()[0]
    if full_refresh or not present:
        con.execute(f"insert into {DATES_TABLE} values (?, null)", [ANY_DATE])
    else:
        con.execute(
            f"insert into {DATES_TABLE} select distinct date_scope, affected_date"
            f" from {AFFECTED_DATES}"
        )


def unpublished(con: duckdb.DuckDBPyConnection) -> Unpublished:
    ensure_publish_state(con)
    row = con.execute(f"select max(version) from {PUBLISHED_TABLE}").fetchone()
    rows = con.execute(f"select distinct date_scope, affected_date from {DATES_TABLE}").fetchall()
    if any(scope == ANY_DATE for scope, _ in rows):
        return Unpublished(row[0], None)
    dates: dict[str, set[date]] = {}
    for scope, day in rows:
        dates.setdefault(scope, set()).add(day)
    return Unpublished(row[0], {scope: frozenset(days) for scope, days in dates.items()})


def mark_published(con: duckdb.DuckDBPyConnection, version: str) -> None:
    """After a publish: nothing is unpublished, relative to `version`."""
    ensure_publish_state(con)
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {DATES_TABLE}")
        con.execute(f"delete from {PUBLISHED_TABLE}")
        con.execute(f"insert into {PUBLISHED_TABLE} values (?)", [version])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def chunk_scope(state: Unpublished) -> ChunkScope | None:
    """The months of MARTS_REBUILT_BY_DAY the publish must hash, relative to the version last
    published from this warehouse; None when anything may differ or nothing was published."""
    if state.published_from is None or state.dates is None:
        return None
    months = {
        mart: frozenset(day.strftime("%Y-%m") for day in state.dates.get(scope, ()))
        for mart, scope in MARTS_REBUILT_BY_DAY.items()
    }
    return ChunkScope(based_on=state.published_from, months=months)
