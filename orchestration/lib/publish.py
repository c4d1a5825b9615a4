"""Write-audit-publish: copy audited marts into a new read-only DuckDB file and swap it in.

Layout under published_dir:
    versions/<version>/callscope.duckdb   the marts, main schema, chmod 0o444
    versions/<version>/parquet/<mart>/<mart>_<YYYY-MM>.parquet   a month of the mart's day
                                                (publish_build.CHUNK_COLUMNS), or
    versions/<version>/parquet/<mart>/<mart>.parquet             for a mart without one
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

from orchestration.lib.publish_build import (
    DATABASE_NAME,
    FINGERPRINT_GRAIN,
    PARQUET_NAME,
    ChunkScope,
    MartNotFoundError,
    Previous,
    PublishBuildError,
    PublishError,
    build_version,
)

__all__ = [
    "DATABASE_NAME",
    "MartNotFoundError",
    "NothingToRollBackError",
    "PublishBuildError",
    "PublishError",
    "PublishResult",
    "VersionNotFoundError",
    "current_version",
    "list_versions",
    "publish",
    "read_manifest",
    "rollback",
]

VERSIONS_NAME = "versions"
MANIFEST_NAME = "manifest.json"
_RUN_ID_CHARS = re.compile(r"[^A-Za-z0-9]")


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
    based_on: str | None = None  # the version whose unchanged chunks were reused
    chunks_written: int = 0
    chunks_reused: int = 0
    rows_written: int = 0  # rows inserted into the new database file

    def as_metadata(self) -> dict[str, Any]:
        """JSON-safe values for materialization metadata."""
        return {
            "version": self.version,
            "database_path": str(self.database_path),
            "parquet_dir": str(self.parquet_dir),
            "row_counts": dict(self.row_counts),
            "total_rows": sum(self.row_counts.values()),
            "pruned_versions": list(self.pruned),
            "based_on": self.based_on or "",
            "chunks_written": self.chunks_written,
            "chunks_reused": self.chunks_reused,
            "rows_written": self.rows_written,
        }


def publish(
    build_db: Path,
    published_dir: Path,
    marts: list[str],
    *,
    source_schema: str = "marts",
    keep: int = 3,
    run_id: str,
    incremental: bool = True,
    scope: ChunkScope | None = None,
) -> PublishResult:
    """Copy `marts` from the build db into a new version, swap it in, prune old versions.

    The new version starts from the current one and rewrites only the chunks that changed
    (orchestration/lib/publish_build.py), unless `incremental` is false or the current one
    cannot be reused. `scope` (orchestration/lib/publish_scope.py) names the only months of
    some marts that can differ from the version it is based on."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep}")
    if not marts:
        raise ValueError("no marts to publish")
    version = _new_version(run_id)
    version_dir = published_dir / VERSIONS_NAME / version
    version_dir.mkdir(parents=True)
    try:
        previous = _previous(published_dir) if incremental else None
        built = build_version(Path(build_db), version_dir, marts, source_schema, previous, scope)
        _write_json(
            version_dir / MANIFEST_NAME,
            {
                "version": version,
                "run_id": run_id,
                "created_at": datetime.now(UTC).isoformat(),
                "build_db": str(build_db),
                "source_schema": source_schema,
                "marts": list(marts),
                "row_counts": built.row_counts,
                "based_on": built.based_on,
                "chunks_written": built.chunks_written,
                "chunks_reused": built.chunks_reused,
                "rows_written": built.rows_written,
                "duckdb_version": duckdb.__version__,
                "layouts": built.layouts,
                "fingerprint_grain": FINGERPRINT_GRAIN,
                "fingerprints": built.fingerprints,
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
        row_counts=built.row_counts,
        pruned=pruned,
        based_on=built.based_on,
        chunks_written=sum(built.chunks_written.values()),
        chunks_reused=sum(built.chunks_reused.values()),
        rows_written=sum(built.rows_written.values()),
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


def _previous(published_dir: Path) -> Previous | None:
    """The current version, if its manifest lets the new one reuse it."""
    version = current_version(published_dir)
    if version is None:
        return None
    return Previous.from_manifest(
        published_dir / VERSIONS_NAME / version, read_manifest(published_dir, version)
    )


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
