"""Write-audit-publish: copy audited marts into a new read-only DuckDB file and swap it in.

Layout under published_dir:
    versions/<version>/callscope.duckdb   the marts, main schema, chmod 0o444
    versions/<version>/parquet/<mart>/<mart>.parquet
    versions/<version>/manifest.json      written last: a version without it is incomplete
    callscope.duckdb -> hard link to the current version's file
    parquet          -> symlink to versions/<version>/parquet

Each swap is one rename(2) onto the published name, so a reader sees the old file or the new
one, never a mix. A new version is a new inode: a process holding the old file open (DuckDB's
lock is on the inode) keeps reading it and never blocks the swap; the next connection opens
the new inode. Versions are named '<UTC timestamp>-<run id>' and sort by time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.lib.duck import connect

DATABASE_NAME = "callscope.duckdb"
PARQUET_NAME = "parquet"
VERSIONS_NAME = "versions"
MANIFEST_NAME = "manifest.json"
READ_ONLY_MODE = 0o444
_WIDE_INTEGERS = {"HUGEINT", "UHUGEINT"}
_RESERVED_CATALOGS = {"memory", "published", "system", "temp", "main"}
_RUN_ID_CHARS = re.compile(r"[^A-Za-z0-9]")


class PublishError(Exception):
    """Base class: publishing, rolling back or reading versions failed."""


class MartNotFoundError(PublishError):
    def __init__(self, mart: str, schema: str, build_db: Path) -> None:
        super().__init__(f"mart {schema}.{mart} not found in build database {build_db}")
        self.mart = mart


class PublishBuildError(PublishError):
    """Building the new version failed; nothing was swapped."""


class VersionNotFoundError(PublishError):
    pass


class NothingToRollBackError(PublishError):
    pass


@dataclass(frozen=True)
class PublishResult:
    version: str
    version_dir: Path
    database_path: Path  # published_dir/callscope.duckdb, now the new version
    parquet_dir: Path  # published_dir/parquet, now the new version's
    row_counts: dict[str, int]
    pruned: tuple[str, ...]

    def as_metadata(self) -> dict[str, Any]:
        """JSON-safe values for materialization metadata."""
        return {
            "version": self.version,
            "database_path": str(self.database_path),
            "parquet_dir": str(self.parquet_dir),
            "row_counts": dict(self.row_counts),
            "total_rows": sum(self.row_counts.values()),
            "pruned_versions": list(self.pruned),
        }


def publish(
    build_db: Path,
    published_dir: Path,
    marts: list[str],
    *,
    source_schema: str = "marts",
    keep: int = 3,
    run_id: str,
) -> PublishResult:
    """Copy `marts` from the build db into a new version, swap it in, prune old versions."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep}")
    if not marts:
        raise ValueError("no marts to publish")
    version = _new_version(run_id)
    version_dir = published_dir / VERSIONS_NAME / version
    version_dir.mkdir(parents=True)
    try:
        row_counts = _build_version(Path(build_db), version_dir, marts, source_schema)
        _write_json(
            version_dir / MANIFEST_NAME,
            {
                "version": version,
                "run_id": run_id,
                "created_at": datetime.now(UTC).isoformat(),
                "build_db": str(build_db),
                "source_schema": source_schema,
                "marts": list(marts),
                "row_counts": row_counts,
            },
        )
    except BaseException:
        shutil.rmtree(version_dir, ignore_errors=True)
        raise
    _point_to(published_dir, version)
    pruned = _prune(published_dir, keep=keep, protect=version)
    return PublishResult(
        version=version,
        version_dir=version_dir,
        database_path=published_dir / DATABASE_NAME,
        parquet_dir=published_dir / PARQUET_NAME,
        row_counts=row_counts,
        pruned=pruned,
    )


def list_versions(published_dir: Path) -> list[str]:
    """Complete versions (those with a manifest), oldest first."""
    root = published_dir / VERSIONS_NAME
    if not root.is_dir():
        return []
    return sorted(
        p.name
        for p in root.iterdir()
        if (p / MANIFEST_NAME).is_file() and (p / DATABASE_NAME).is_file()
    )


def current_version(published_dir: Path) -> str | None:
    """The version callscope.duckdb is a hard link to, or None before the first publish."""
    try:
        published = (published_dir / DATABASE_NAME).stat()
    except FileNotFoundError:
        return None
    for version in list_versions(published_dir):
        candidate = (published_dir / VERSIONS_NAME / version / DATABASE_NAME).stat()
        if (candidate.st_dev, candidate.st_ino) == (published.st_dev, published.st_ino):
            return version
    return None


def read_manifest(published_dir: Path, version: str) -> dict[str, Any]:
    path = published_dir / VERSIONS_NAME / version / MANIFEST_NAME
    if not path.is_file():
        raise VersionNotFoundError(f"version {version!r} not found under {published_dir}")
    return json.loads(path.read_text(encoding="utf-8"))


def rollback(published_dir: Path, version: str | None = None) -> str:
    """Point the published names at `version`, or at the one before the current; return it."""
    versions = list_versions(published_dir)
    if version is None:
        current = current_version(published_dir)
        if current is None:
            raise NothingToRollBackError(f"nothing is published under {published_dir}")
        older = [v for v in versions if v < current]
        if not older:
            raise NothingToRollBackError(f"{current} is the oldest version kept; nothing before it")
        version = older[-1]
    elif version not in versions:
        raise VersionNotFoundError(
            f"version {version!r} not found under {published_dir}; kept: {versions}"
        )
    _point_to(published_dir, version)
    return version


def _new_version(run_id: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    short_run = _RUN_ID_CHARS.sub("", run_id)[:8] or "run"
    return f"{stamp}-{short_run}"


def _build_version(
    build_db: Path, version_dir: Path, marts: list[str], source_schema: str
) -> dict[str, int]:
    """The new database file (read-only) and its Parquet files; row count per mart."""
    if not build_db.is_file():
        raise PublishBuildError(f"build database {build_db} does not exist")
    database = version_dir / DATABASE_NAME
    # A catalog named after the build file, so views whose SQL names their own catalog
    # (dbt writes "callscope"."intermediate"...) resolve when read through the attachment.
    source = build_db.stem if build_db.stem.lower() not in _RESERVED_CATALOGS else "build_source"
    con = connect(":memory:")
    step = "attaching"
    try:
        con.execute(f"attach {_literal(build_db)} as {_ident(source)} (read_only)")
        con.execute(f"attach {_literal(database)} as published")
        column_types = {m: _column_types(con, source, source_schema, m, build_db) for m in marts}
        row_counts: dict[str, int] = {}
        for mart, types in column_types.items():
            step = f"copying mart {mart}"
            select = ", ".join(_select_column(name, kind) for name, kind in types)
            con.execute(
                f"create table published.main.{_ident(mart)} as select {select}"
                f" from {_ident(source)}.{_ident(source_schema)}.{_ident(mart)}"
            )
            (row_counts[mart],) = con.execute(
                f"select count(*) from published.main.{_ident(mart)}"
            ).fetchone()
            target = version_dir / PARQUET_NAME / mart / f"{mart}.parquet"
            target.parent.mkdir(parents=True)
            con.execute(
                f"copy published.main.{_ident(mart)} to {_literal(target)} (format parquet)"
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
    return row_counts


def _column_types(
    con: duckdb.DuckDBPyConnection, catalog: str, schema: str, mart: str, build_db: Path
) -> list[tuple[str, str]]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [catalog, schema, mart],
    ).fetchall()
    if not rows:
        raise MartNotFoundError(mart, schema, build_db)
    return rows


def _select_column(name: str, kind: str) -> str:
    """HUGEINT (what DuckDB's sum() of integers returns) becomes BIGINT, which every Parquet and
    BI reader understands; everything else keeps its type, timestamps with their zone."""
    if kind.upper() in _WIDE_INTEGERS:
        return f"cast({_ident(name)} as bigint) as {_ident(name)}"
    return _ident(name)


def _point_to(published_dir: Path, version: str) -> None:
    """Atomically re-point callscope.duckdb (hard link) and parquet (symlink) at `version`."""
    version_dir = published_dir / VERSIONS_NAME / version
    database = published_dir / DATABASE_NAME
    parquet = published_dir / PARQUET_NAME
    if parquet.exists() and not parquet.is_symlink():
        raise PublishError(f"{parquet} is a real directory, not the managed symlink; move it away")
    previous = current_version(published_dir)
    _replace_with_link(version_dir / DATABASE_NAME, database, tag=version)
    try:
        _replace_with_symlink(Path(VERSIONS_NAME) / version / PARQUET_NAME, parquet, tag=version)
    except OSError:
        if previous is not None:  # keep the two names on the same version
            _replace_with_link(
                published_dir / VERSIONS_NAME / previous / DATABASE_NAME, database, tag=previous
            )
        raise


def _replace_with_link(source: Path, target: Path, *, tag: str) -> None:
    temporary = target.with_name(f".{target.name}.{tag}.tmp")
    temporary.unlink(missing_ok=True)
    os.link(source, temporary)
    os.replace(temporary, target)


def _replace_with_symlink(link_target: Path, link: Path, *, tag: str) -> None:
    temporary = link.with_name(f".{link.name}.{tag}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(link_target, temporary, target_is_directory=True)
    os.replace(temporary, link)


def _prune(published_dir: Path, *, keep: int, protect: str) -> tuple[str, ...]:
    """Delete versions beyond the newest `keep` (and incomplete leftovers), never `protect`
    nor the current one. A reader still holding a deleted file keeps its open inode."""
    root = published_dir / VERSIONS_NAME
    kept = set(list_versions(published_dir)[-keep:]) | {protect}
    current = current_version(published_dir)
    if current is not None:
        kept.add(current)
    doomed = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name not in kept)
    for name in doomed:
        shutil.rmtree(root / name)
    return tuple(doomed)


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Path | str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
