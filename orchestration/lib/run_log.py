"""dq_run_log: per run, every check that ran (passed or not) and whether the marts were published.

The table lives in the marts schema of the build database, so each published version carries
the log up to and including its own publication; rows of runs that were blocked reach
analysts with the next published version.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.lib.duck import connect

RUN_LOG = "marts.dq_run_log"
CHECK = "check"
PUBLISH = "publish"


@dataclass(frozen=True)
class RunLogEntry:
    run_id: str
    partition_start: str
    partition_end: str
    kind: str  # check | publish
    name: str  # the check's name, or "published"
    target: str  # the asset checked, or the published path
    passed: bool
    is_blocking: bool
    detail: str


def _create_run_log(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists marts")
    con.execute(
        f"""
        create table if not exists {RUN_LOG} (
            run_id varchar, logged_at timestamptz, partition_start date, partition_end date,
            kind varchar, name varchar, target varchar, passed boolean, is_blocking boolean,
            detail varchar
        )
        """
    )


def ensure_run_log(db_path: Path) -> None:
    """The run log exists; like append(), without a checkpoint of the whole database on close
    (the write-ahead log the small writes left would make closing a write connection cost ~1 s
    at the large size, even when it wrote nothing)."""
    with closing(connect(db_path, checkpoint_on_close=False)) as con:
        _create_run_log(con)


def append(db_path: Path, *entries: RunLogEntry) -> None:
    """Log entries in one connection, which leaves them in the write-ahead log: closing a
    connection that wrote checkpoints the database, about 1 s at the large benchmark size, so
    a step logs its checks at once and does not checkpoint (docs/performance.md)."""
    if not entries:
        return
    with closing(connect(db_path, checkpoint_on_close=False)) as con:
        _create_run_log(con)
        con.executemany(
            f"insert into {RUN_LOG} values (?, now(), ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    entry.run_id,
                    entry.partition_start,
                    entry.partition_end,
                    entry.kind,
                    entry.name,
                    entry.target,
                    entry.passed,
                    entry.is_blocking,
                    entry.detail,
                ]
                for entry in entries
            ],
        )


def entries(db_path: Path, run_id: str) -> list[RunLogEntry]:
    if not db_path.exists():
        return []
    ensure_run_log(db_path)
    with closing(connect(db_path, read_only=True)) as con:
        rows = con.execute(
            f"""
            select run_id, cast(partition_start as varchar), cast(partition_end as varchar), kind,
                name, target, passed, is_blocking, detail
            from {RUN_LOG} where run_id = ? order by logged_at, name
            """,
            [run_id],
        ).fetchall()
    return [RunLogEntry(*row) for row in rows]


def blocking_failures(db_path: Path, run_id: str) -> list[RunLogEntry]:
    return [
        e for e in entries(db_path, run_id) if e.kind == CHECK and e.is_blocking and not e.passed
    ]


def log_not_published(db_path: Path, run_id: str, target: str, why: str) -> str:
    """Record that a run published nothing, naming the blocking checks that stopped it."""
    logged = entries(db_path, run_id)
    if any(e.kind == PUBLISH and not e.passed for e in logged):
        return next(e.detail for e in logged if e.kind == PUBLISH and not e.passed)
    failed = [f"{e.name} on {e.target}: {e.detail}" for e in blocking_failures(db_path, run_id)]
    detail = "blocked by " + "; ".join(failed) if failed else why
    first = logged[0] if logged else None
    append(
        db_path,
        RunLogEntry(
            run_id,
            first.partition_start if first else None,
            first.partition_end if first else None,
            PUBLISH,
            "published",
            target,
            False,
            True,
            detail,
        ),
    )
    return detail


def summary_lines(db_path: Path, run_id: str) -> list[str]:
    """Checks run / passed / failed and the publication outcome of one run, for people."""
    logged = entries(db_path, run_id)
    checks = [e for e in logged if e.kind == CHECK]
    failed = [e for e in checks if not e.passed]
    lines = [f"Checks: {len(checks)} run, {len(checks) - len(failed)} passed, {len(failed)} failed"]
    lines += [
        f"  {'BLOCKING' if e.is_blocking else 'warning'} {e.name} on {e.target}: {e.detail}"
        for e in failed
    ]
    lines += [
        f"{'Published' if e.passed else 'Not published'}: {e.detail}"
        for e in logged
        if e.kind == PUBLISH
    ]
    return lines
