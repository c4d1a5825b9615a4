"""Which dbt build a run needs: incremental over the files that are new, or a full refresh.

The incremental dbt models (docs/decisions.md "Late and corrected data") rebuild only the dates
that the landed files new since the last complete build touch. This module keeps, in the build
database (schema build_state), what that build consumed: a content hash per landed file, the
project fingerprint (dbt models, macros, seeds, dbt_project.yml and the PII salt) and the
newest landed business date (for the record). The state advances only after a dbt build
succeeded, so whatever a failed or killed run loaded is still new for the next run.

A file re-loaded with the same content (every run re-ingests its partitions' files) is not new.
The build is a full refresh when nothing was built before, the fingerprint changed, a consumed
file changed in place or vanished (the dates its old rows touched are unknown), queue settings
(acd_queues) arrived (a timezone or settings change can move any past day), or
CALLSCOPE_FULL_REFRESH is set.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.build_state import STATE_SCHEMA, ensure_state_schema
from orchestration.lib.contract import EXTRACTS
from orchestration.lib.publish_scope import record_rebuilt_dates
from orchestration.lib.raw_layer import raw_table

FILES_TABLE = f"{STATE_SCHEMA}.consumed_files"
BUILDS_TABLE = f"{STATE_SCHEMA}.last_build"
# The plan of the dbt build running now, read by the dbt macro incremental_plan() when a node
# runs; the build finds its row by the id in env DBT_PLAN_ENV (write_dbt_plan).
DBT_PLAN_TABLE = f"{STATE_SCHEMA}.dbt_plan"
DBT_PLAN_ENV = "CALLSCOPE_DBT_PLAN"
FULL_REFRESH_ENV = "CALLSCOPE_FULL_REFRESH"

# What the dbt output depends on besides raw: the project's code and configuration.
_FINGERPRINTED = ("dbt_project.yml", "models", "macros", "seeds")
# Extracts whose new files the incremental models cannot narrow to dates.
_FULL_REFRESH_EXTRACTS = ("acd_queues",)
# Lineage columns that are part of a file's content (its rows' order and business date).
_CONTENT_LINEAGE = ("_file_seq", "_line", "_partition_date")


@dataclass(frozen=True)
class ConsumedFile:
    extract: str
    file: str
    loaded_at: datetime
    content_hash: str


@dataclass(frozen=True)
class BuildPlan:
    full_refresh: bool
    reason: str
    new_files: tuple[str, ...]
    fingerprint: str
    newest_landed_date: date | None
    files_to_record: tuple[ConsumedFile, ...]
    files_to_forget: tuple[str, ...] = ()
    new_partitions: tuple[date, ...] = ()  # the business dates of the new files

    def incremental_plan(self) -> dict[str, list[str]] | None:
        """What the incremental dbt models build from (macro incremental_plan); none for a full
        refresh. new_partitions lets the models find a new file's raw rows by their partition
        date, which DuckDB prunes by zone map (raw rows lie in load order), before matching the
        file name (macro is_new_file)."""
        if self.full_refresh:
            return None
        return {
            "new_files": list(self.new_files),
            "new_partitions": [day.isoformat() for day in self.new_partitions],
        }

    def dbt_flags(self) -> list[str]:
        return ["--full-refresh"] if self.full_refresh else []

    def summary(self) -> str:
        if self.full_refresh:
            return f"dbt build: full refresh ({self.reason})"
        shown = ", ".join(self.new_files[:5]) + (" ..." if len(self.new_files) > 5 else "")
        return f"dbt build: incremental, {len(self.new_files)} new file(s): {shown or '-'}"


def project_fingerprint(project_dir: Path, salt: str) -> str:
    """sha256 over the dbt code and configuration that shape the marts, and the PII salt."""
    digest = hashlib.sha256()
    for name in _FINGERPRINTED:
        root = project_dir / name
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in (p for p in paths if p.is_file()):
            digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    digest.update(hashlib.sha256(salt.encode("utf-8")).digest())
    return digest.hexdigest()


def full_refresh_requested(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get(FULL_REFRESH_ENV, "").strip().lower() in {"1", "true", "yes"}


def ensure_state_tables(con: duckdb.DuckDBPyConnection) -> None:
    ensure_state_schema(con)
    con.execute(
        f"create table if not exists {FILES_TABLE} (extract varchar, file varchar,"
        " loaded_at timestamptz, content_hash varchar)"
    )
    con.execute(
        f"create table if not exists {BUILDS_TABLE} (fingerprint varchar,"
        " newest_landed_date date, built_at timestamptz)"
    )
    con.execute(
        f"create table if not exists {DBT_PLAN_TABLE} (plan_id varchar, new_files varchar,"
        " new_partitions varchar, written_at timestamptz)"
    )


def _raw_extracts(con: duckdb.DuckDBPyConnection) -> list[str]:
    present = {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    }
    return [name for name in EXTRACTS if name in present]


def _loaded_files(con: duckdb.DuckDBPyConnection, extract: str) -> dict[str, tuple[datetime, date]]:
    """Each file in raw: when it was last loaded, and its business date."""
    rows = con.execute(
        f"select _file, max(_loaded_at), min(_partition_date) from {raw_table(extract)}"
        " group by _file"
    ).fetchall()
    return {file: (loaded_at, partition) for file, loaded_at, partition in rows}


def _content_hashes(
    con: duckdb.DuckDBPyConnection, extract: str, files: list[str]
) -> dict[str, str]:
    """A hash of each file's rows as landed (contract columns and lineage, not _loaded_at): the
    row count and the xor of every row's md5. Each row carries its line, so the xor is as good
    as a hash of the ordered rows, and it streams: an ordered string_agg of a year of raw rows
    ran out of DuckDB's memory limit on the large benchmark."""
    if not files:
        return {}
    columns = [*EXTRACTS[extract].column_names, *_CONTENT_LINEAGE]
    quoted = ", ".join(f'"{column}"' for column in columns)
    row_json = f"to_json(struct_pack({quoted}))"
    con.execute("create or replace temp table _hashed_files (file varchar)")
    con.executemany("insert into _hashed_files values (?)", [[f] for f in files])
    rows = con.execute(
        f"""
        select
            _file,
            count(*) || ':' || cast(bit_xor(md5_number(cast({row_json} as varchar))) as varchar)
        from {raw_table(extract)}
        where _file in (select file from _hashed_files)
        group by _file
        """
    ).fetchall()
    con.execute("drop table _hashed_files")
    return dict(rows)


def _newest_landed_date(con: duckdb.DuckDBPyConnection, extracts: list[str]) -> date | None:
    if not extracts:
        return None
    union = " union all ".join(
        f"select max(_partition_date) as d from {raw_table(e)}" for e in extracts
    )
    return con.execute(f"select max(d) from ({union})").fetchone()[0]


def plan_build(
    con: duckdb.DuckDBPyConnection, fingerprint: str, *, force_full: bool = False
) -> BuildPlan:
    """Compare raw with what the last complete build consumed."""
    ensure_state_tables(con)
    stored = {
        row[1]: ConsumedFile(*row)
        for row in con.execute(
            f"select extract, file, loaded_at, content_hash from {FILES_TABLE}"
        ).fetchall()
    }
    last = con.execute(f"select fingerprint, newest_landed_date from {BUILDS_TABLE}").fetchone()
    extracts = _raw_extracts(con)

    to_record: list[ConsumedFile] = []
    new_files: list[str] = []
    new_partitions: set[date] = set()
    changed: list[str] = []
    present: set[str] = set()
    for extract in extracts:
        loaded = _loaded_files(con, extract)
        present.update(loaded)
        reloaded = [
            f for f, (at, _) in loaded.items() if f not in stored or stored[f].loaded_at != at
        ]
        hashes = _content_hashes(con, extract, reloaded)
        for file in sorted(reloaded):
            to_record.append(ConsumedFile(extract, file, loaded[file][0], hashes[file]))
            if file not in stored:
                new_files.append(file)
                new_partitions.add(loaded[file][1])
            elif stored[file].content_hash != hashes[file]:
                changed.append(file)
    vanished = sorted(set(stored) - present)
    full_refresh_files = [f for f in new_files if f.split("/")[0] in _FULL_REFRESH_EXTRACTS]

    if force_full:
        reason = f"{FULL_REFRESH_ENV} is set"
    elif last is None:
        reason = "no complete build yet"
    elif last[0] != fingerprint:
        reason = "the dbt project or the PII salt changed since the last build"
    elif changed or vanished:
        reason = f"{(changed or vanished)[0]} changed since the last build (files are immutable)"
    elif full_refresh_files:
        reason = f"queue settings arrived ({full_refresh_files[0]})"
    else:
        reason = ""
    return BuildPlan(
        full_refresh=bool(reason),
        reason=reason,
        new_files=tuple(new_files),
        fingerprint=fingerprint,
        newest_landed_date=_newest_landed_date(con, extracts),
        files_to_record=tuple(to_record),
        files_to_forget=tuple(vanished),
        new_partitions=tuple(sorted(new_partitions)),
    )


def write_dbt_plan(con: duckdb.DuckDBPyConnection, plan: BuildPlan) -> str | None:
    """Store the plan of an incremental build for dbt to read (macro incremental_plan) and return
    its id, which the build gets in env DBT_PLAN_ENV; none for a full refresh. The plan is a
    table row rather than a dbt var because a var that changes every night makes dbt parse the
    whole project again (docs/decisions.md, "The build plan reaches dbt through a table")."""
    document = plan.incremental_plan()
    if document is None:
        return None
    ensure_state_tables(con)
    plan_id = uuid.uuid4().hex
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {DBT_PLAN_TABLE}")  # one build at a time: the last plan only
        con.execute(
            f"insert into {DBT_PLAN_TABLE} values (?, ?, ?, now())",
            [plan_id, json.dumps(document["new_files"]), json.dumps(document["new_partitions"])],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return plan_id


def record_build(con: duckdb.DuckDBPyConnection, plan: BuildPlan) -> None:
    """After a successful dbt build: the planned files and fingerprint are now consumed, and the
    days the build rebuilt are not published yet (orchestration/lib/publish_scope.py)."""
    ensure_state_tables(con)
    con.execute("begin transaction")
    try:
        forget = [f.file for f in plan.files_to_record] + list(plan.files_to_forget)
        if forget:
            con.executemany(f"delete from {FILES_TABLE} where file = ?", [[f] for f in forget])
        if plan.files_to_record:
            con.executemany(
                f"insert into {FILES_TABLE} values (?, ?, ?, ?)",
                [[f.extract, f.file, f.loaded_at, f.content_hash] for f in plan.files_to_record],
            )
        con.execute(f"delete from {BUILDS_TABLE}")
        con.execute(
            f"insert into {BUILDS_TABLE} values (?, ?, now())",
            [plan.fingerprint, plan.newest_landed_date],
        )
        record_rebuilt_dates(con, full_refresh=plan.full_refresh)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
