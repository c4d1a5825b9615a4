"""Build one published version: the marts copied from the build database into a new DuckDB file,
plus typed Parquet, reusing what the previous version already holds.

A mart is kept in monthly chunks (one Parquet file per month) of its day: the first of
CHUNK_COLUMNS it has (`local_date`, else a case's `opened_date`, else an order's `ordered_at`); a
mart without any is one chunk. Each day of a chunk has a fingerprint: its row count and the sum of
a hash of every row as published. The manifest of a version records them, so the next publish
hashes only the build side: it starts from a copy of the previous file, replaces in it the rows of
the days whose fingerprint changed, rewrites the Parquet file of their months, and hard-links the
Parquet files of the other months. A nightly run that changed a few days rewrites those days in
the database file and a month per fact in Parquet, instead of a year (docs/decisions.md
"Incremental publish"). A mart of one chunk replaces only the rows that differ.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from orchestration.lib.duck import connect

DATABASE_NAME = "callscope.duckdb"
PARQUET_NAME = "parquet"
READ_ONLY_MODE = 0o444
# (column, type) a mart is chunked by, in order of preference: a month of it per chunk. Each is
# the day a row belongs to, so a night's changes fall in few months (a case is updated around
# when it was opened; an order never moves).
CHUNK_COLUMNS = (
    ("local_date", "DATE"),
    ("opened_date", "DATE"),
    ("ordered_at", "TIMESTAMP WITH TIME ZONE"),
)
WHOLE = "all"  # the chunk (and fingerprint key) of a mart without a chunk column
NO_DATE = "none"  # the chunk (and fingerprint key) of rows whose chunk column is null
# What a fingerprint covers: a day ('YYYY-MM-DD') of a chunk. The manifest names it, and a
# version fingerprinted otherwise (by month, before) is not reused: its keys would not compare.
FINGERPRINT_GRAIN = "day"
_WIDE_INTEGERS = {"HUGEINT", "UHUGEINT"}
_RESERVED_CATALOGS = {"memory", "published", "system", "temp", "main"}

Fingerprints = dict[str, list[Any]]  # day (or NO_DATE, WHOLE) -> [rows, digest]


class PublishError(Exception):
    """Base class: publishing, rolling back or reading versions failed."""


class MartNotFoundError(PublishError):
    def __init__(self, mart: str, schema: str, build_db: Path) -> None:
        super().__init__(f"mart {schema}.{mart} not found in build database {build_db}")
        self.mart = mart


class PublishBuildError(PublishError):
    """Building the new version failed; nothing was swapped."""


@dataclass(frozen=True)
class Previous:
    """What the version being replaced offers for reuse (from its manifest)."""

    version_dir: Path
    layouts: dict[str, list[list[str]]]
    fingerprints: dict[str, Fingerprints]

    @classmethod
    def from_manifest(cls, version_dir: Path, manifest: dict[str, Any]) -> Previous | None:
        """None when the version cannot be reused: no fingerprints, fingerprints of another grain,
        or another DuckDB wrote them (its hash may differ, and a false match would publish stale
        rows)."""
        if manifest.get("duckdb_version") != duckdb.__version__:
            return None
        if manifest.get("fingerprint_grain") != FINGERPRINT_GRAIN:
            return None
        if not isinstance(manifest.get("fingerprints"), dict):
            return None
        if not (version_dir / DATABASE_NAME).is_file():
            return None
        return cls(version_dir, manifest.get("layouts", {}), manifest["fingerprints"])


@dataclass(frozen=True)
class ChunkScope:
    """The only months that can differ, per mart, between the build database and the version
    `based_on` (orchestration/lib/publish_scope.py): for those marts, the other months keep that
    version's fingerprints unhashed. Ignored when the version being replaced is another one."""

    based_on: str
    months: Mapping[str, frozenset[str]]


@dataclass
class VersionBuild:
    row_counts: dict[str, int] = field(default_factory=dict)
    layouts: dict[str, list[list[str]]] = field(default_factory=dict)
    fingerprints: dict[str, Fingerprints] = field(default_factory=dict)
    chunks_written: dict[str, int] = field(default_factory=dict)
    chunks_reused: dict[str, int] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)  # into the database file
    based_on: str | None = None


def build_version(
    build_db: Path,
    version_dir: Path,
    marts: list[str],
    source_schema: str,
    previous: Previous | None = None,
    scope: ChunkScope | None = None,
) -> VersionBuild:
    """The new database file (read-only) and its Parquet files, from `previous` where it can."""
    if not build_db.is_file():
        raise PublishBuildError(f"build database {build_db} does not exist")
    database = version_dir / DATABASE_NAME
    built = VersionBuild(based_on=previous.version_dir.name if previous else None)
    if previous is not None:
        shutil.copyfile(previous.version_dir / DATABASE_NAME, database)
        database.chmod(0o644)
    # A catalog named after the build file, so views whose SQL names their own catalog
    # (dbt writes "callscope"."intermediate"...) resolve when read through the attachment.
    source = build_db.stem if build_db.stem.lower() not in _RESERVED_CATALOGS else "build_source"
    con = connect(":memory:")
    step = "attaching"
    try:
        con.execute(f"attach {_literal(build_db)} as {_ident(source)} (read_only)")
        con.execute(f"attach {_literal(database)} as published")
        layouts = {m: _layout(con, source, source_schema, m, build_db) for m in marts}
        for stale in _tables(con, "published") - set(marts):
            con.execute(f"drop table published.main.{_ident(stale)}")
        based = previous is not None and scope is not None
        months = scope.months if based and previous.version_dir.name == scope.based_on else {}
        for mart, layout in layouts.items():
            step = f"copying mart {mart}"
            _publish_mart(
                con,
                f"{_ident(source)}.{_ident(source_schema)}.{_ident(mart)}",
                mart,
                layout,
                version_dir,
                previous,
                built,
                months.get(mart),
            )
        step = "checkpointing"
        con.execute("checkpoint published")
        con.execute("detach published")
        con.execute(f"detach {_ident(source)}")
    except duckdb.Error as exc:
        raise PublishBuildError(
            f"building version {version_dir.name} from {build_db}, {step}: {exc}"
        ) from exc
    finally:
        con.close()
    database.chmod(READ_ONLY_MODE)
    return built


def _publish_mart(
    con: duckdb.DuckDBPyConnection,
    source: str,
    mart: str,
    layout: list[list[str]],
    version_dir: Path,
    previous: Previous | None,
    built: VersionBuild,
    months: frozenset[str] | None = None,
) -> None:
    """`months`: the only chunks that can differ from `previous` (ChunkScope), or None."""
    chunked = _chunk_column(layout)
    select = ", ".join(_select_column(name, kind) for name, kind in layout)
    published_rows = f"(select {select} from {source})"
    table = f"published.main.{_ident(mart)}"
    reusable = previous is not None and previous.layouts.get(mart) == layout
    before = previous.fingerprints.get(mart, {}) if previous and reusable else None
    if before is not None and months is not None and [chunked, "DATE"] in layout:
        fingerprints = {d: fp for d, fp in before.items() if _chunk(d) not in months}
        fingerprints.update(_fingerprints(con, published_rows, layout, chunked, months))
    else:
        fingerprints = _fingerprints(con, published_rows, layout, chunked)
    if before is None:
        con.execute(f"drop table if exists {table}")
        con.execute(f"create table {table} as select * from {published_rows}")
        changed_days = set(fingerprints)
        built.rows_written[mart] = sum(rows_ for rows_, _ in fingerprints.values())
    else:
        days = fingerprints.keys() | before.keys()
        changed_days = {d for d in days if fingerprints.get(d) != before.get(d)}
        built.rows_written[mart] = 0
        replaced = None
        if changed_days and chunked is None:
            replaced = _replace_changed_rows(con, table, published_rows, layout)
        if replaced is not None:
            built.rows_written[mart] = replaced
        elif changed_days:
            in_changed = _in_chunks(chunked, layout, changed_days)
            con.execute(f"delete from {table} where {in_changed}")
            inserted = con.execute(
                f"insert into {table} select * from {published_rows} where {in_changed}"
            ).fetchone()
            built.rows_written[mart] = int(inserted[0]) if inserted else 0
    chunks = {_chunk(d) for d in fingerprints}
    changed = {_chunk(d) for d in changed_days}
    built.layouts[mart] = layout
    built.fingerprints[mart] = fingerprints
    built.row_counts[mart] = sum(rows_ for rows_, _ in fingerprints.values())
    built.chunks_written[mart] = len(changed & chunks)
    built.chunks_reused[mart] = len(chunks - changed)
    target_dir = version_dir / PARQUET_NAME / mart
    target_dir.mkdir(parents=True)
    for chunk in sorted(chunks) or [WHOLE]:
        name = f"{mart}.parquet" if chunk == WHOLE else f"{mart}_{chunk}.parquet"
        target = target_dir / name
        earlier = previous.version_dir / PARQUET_NAME / mart / name if previous else None
        if earlier is not None and chunk not in changed and earlier.is_file():
            os.link(earlier, target)  # files are read-only, so versions can share them
            continue
        where = "" if not chunked else f" where {_in_chunks(chunked, layout, {chunk})}"
        con.execute(f"copy (select * from {table}{where}) to {_literal(target)} (format parquet)")
        target.chmod(READ_ONLY_MODE)


def _replace_changed_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: str, layout: list[list[str]]
) -> int | None:
    """For a mart of one chunk (no day column: `dim_customers`' 1 M rows, of which a night
    changes about a thousand): delete the published rows whose hash no build row has and insert
    the build rows whose hash no published row has; the rows inserted. None, with nothing done,
    when a side holds two rows of one hash (duplicate rows, which this cannot count apart): the
    caller then rewrites the whole chunk. A row kept by mistake needs a changed row whose 64-bit
    hash equals its old version's; the fingerprints trust the same hash."""
    row_hash = f"hash({', '.join(_ident(name) for name, _ in layout)})"
    con.execute(
        f"create or replace temp table _published_hashes as select {row_hash} as h from {table}"
    )
    con.execute(f"create or replace temp table _build_hashes as select {row_hash} as h from {rows}")
    try:
        duplicated = con.execute(
            "select (select count(*) - count(distinct h) from _published_hashes)"
            " + (select count(*) - count(distinct h) from _build_hashes)"
        ).fetchone()[0]
        if duplicated:
            return None
        con.execute(
            f"delete from {table} where {row_hash} in"
            " (select h from _published_hashes except select h from _build_hashes)"
        )
        inserted = con.execute(
            f"insert into {table} select * from {rows} where {row_hash} in"
            " (select h from _build_hashes except select h from _published_hashes)"
        ).fetchone()
        return int(inserted[0]) if inserted else 0
    finally:
        con.execute("drop table if exists _published_hashes")
        con.execute("drop table if exists _build_hashes")


def _fingerprints(
    con: duckdb.DuckDBPyConnection,
    rows: str,
    layout: list[list[str]],
    chunked: str | None,
    months: frozenset[str] | None = None,
) -> Fingerprints:
    """Per day of a chunk: [row count, sum of a hash of the whole row, as text]. The sum ignores
    row order, so it compares tables, not files; a row moved between days changes both.
    `months`: only the days of those chunks of a mart chunked by a DATE column (their date range
    is given as literals, so DuckDB skips the other row groups)."""
    columns = ", ".join(_ident(name) for name, _ in layout)
    where = ""
    if months is not None:
        if not months:
            return {}
        where = f" where {_in_chunks(chunked, layout, set(months))}"
    result = con.execute(
        f"select {_day_of(chunked)} as day, count(*),"
        f" cast(coalesce(sum(hash({columns})), 0) as varchar)"
        f" from {rows}{where} group by all"
    ).fetchall()
    return {day: [count, digest] for day, count, digest in result}


def _chunk_column(layout: list[list[str]]) -> str | None:
    """The column `layout` is chunked by (CHUNK_COLUMNS), or None: one chunk."""
    for name, kind in CHUNK_COLUMNS:
        if [name, kind] in layout:
            return name
    return None


def _day_of(chunked: str | None) -> str:
    """SQL of a row's fingerprint key: the day ('YYYY-MM-DD', the UTC day for an instant:
    connections run in UTC) of the chunk column `chunked`."""
    if chunked is None:
        return _literal(WHOLE)
    return _key_of(chunked, "%Y-%m-%d")


def _key_of(chunked: str, pattern: str) -> str:
    """SQL of a row's day or month key (`pattern`), NO_DATE where the chunk column is null."""
    return f"coalesce(strftime({_ident(chunked)}, '{pattern}'), {_literal(NO_DATE)})"


def _chunk(key: str) -> str:
    """The chunk (month 'YYYY-MM', NO_DATE or WHOLE) of a fingerprint key or chunk."""
    return key if key in (WHOLE, NO_DATE) else key[:7]


def _in_chunks(chunked: str | None, layout: list[list[str]], keys: set[str]) -> str:
    """SQL: whether a row is in one of `keys`, all months ('YYYY-MM') or all days ('YYYY-MM-DD'),
    besides NO_DATE and WHOLE. For months or days only it also bounds the chunk column by
    literals, from the first day to the day after the last, so DuckDB skips the row groups
    outside by their zone maps: the key expression alone made every delete, insert and Parquet
    copy of a month scan the whole mart."""
    if chunked is None or WHOLE in keys:
        return "true"
    dated = keys - {NO_DATE}
    lengths = {len(key) for key in dated}
    if len(lengths) > 1:
        raise ValueError(f"chunk keys mix months and days: {sorted(keys)}")
    pattern = "%Y-%m" if lengths == {7} else "%Y-%m-%d"
    exact = f"{_key_of(chunked, pattern)} in {_chunk_list(keys)}"
    if NO_DATE in keys:
        return exact
    if lengths == {7}:
        low = date.fromisoformat(min(dated) + "-01")
        year, month = (int(part) for part in max(dated).split("-"))
        high = date(year + month // 12, month % 12 + 1, 1)
    else:
        low = date.fromisoformat(min(dated))
        high = date.fromisoformat(max(dated)) + timedelta(days=1)
    if dict(layout)[chunked] == "DATE":
        bounds = [f"date '{day.isoformat()}'" for day in (low, high)]
    else:  # an instant: the days of its UTC day (_day_of)
        bounds = [f"timestamptz '{day.isoformat()} 00:00:00+00'" for day in (low, high)]
    column = _ident(chunked)
    return f"({column} >= {bounds[0]} and {column} < {bounds[1]} and {exact})"


def _chunk_list(chunks: set[str]) -> str:
    return "(" + ", ".join(_literal(c) for c in sorted(chunks)) + ")"


def _layout(
    con: duckdb.DuckDBPyConnection, catalog: str, schema: str, mart: str, build_db: Path
) -> list[list[str]]:
    """[column, published type] in order: HUGEINT becomes BIGINT (see _select_column)."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [catalog, schema, mart],
    ).fetchall()
    if not rows:
        raise MartNotFoundError(mart, schema, build_db)
    return [[name, "BIGINT" if kind.upper() in _WIDE_INTEGERS else kind] for name, kind in rows]


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ?", [catalog]
    ).fetchall()
    return {name for (name,) in rows}


def _select_column(name: str, kind: str) -> str:
    """`kind` is the published type: a HUGEINT (what DuckDB's sum() of integers returns) is cast to
    the BIGINT every Parquet and BI reader understands; every type else is kept, timestamps with
    their zone."""
    if kind == "BIGINT":
        return f"cast({_ident(name)} as bigint) as {_ident(name)}"
    return _ident(name)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Path | str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
