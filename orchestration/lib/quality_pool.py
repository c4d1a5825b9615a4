"""Run several expectation suites as SQL side by side, one worker process per core.

On a night's rows a suite costs 0.2-0.4 s, nearly all of it Great Expectations' own Python
(about 25 ms per expectation), which one process runs on one core while the other waits. So a
step's suites are shared among worker processes forked from the step's process once Great
Expectations is imported and mended for DuckDB there: a worker starts in milliseconds and
imports nothing. Each worker validates as run_suite_sql() does (the warehouse opened read-only,
which several processes may do at once) with DuckDB's memory limit divided among the workers.

Results come back in the order of the jobs. A suite that could not run raises SuiteRunError
naming it, as in one process (an error of another type inside a worker is reported as its
type and message). `workers` 1 runs everything in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.lib.duck import MEMORY_LIMIT_ENV, memory_limit
from orchestration.lib.quality import (
    SuiteDefinitionError,
    SuiteResult,
    SuiteRunError,
    SuiteSpec,
    prepare_gx,
    run_suite_sql,
)

WORKERS_ENV = "CALLSCOPE_GX_WORKERS"
# Runs of more days than this validate in one process: their queries are DuckDB's work over
# many rows, which already uses every core, and each worker would need its own memory.
PARALLEL_MAX_DAYS = 7


@dataclass(frozen=True)
class SuiteJob:
    suite: SuiteSpec
    relation_sql: str  # a select over the warehouse (run_suite_sql)


@dataclass(frozen=True)
class _Failed:
    """What a worker sends back instead of raising (a GX error may not survive pickling)."""

    kind: str  # "definition" or "run"
    message: str


# The jobs and database of the pool being run: set before the workers fork, read by index.
_jobs: Sequence[SuiteJob] = ()
_db_path: Path | None = None


def gx_workers(days: int) -> int:
    """Worker processes for a run of `days` partitions: CALLSCOPE_GX_WORKERS if set, else one
    per core (at most 2) for runs of up to PARALLEL_MAX_DAYS days and 1 beyond."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        try:
            workers = int(configured)
        except ValueError as exc:
            raise ValueError(f"{WORKERS_ENV} must be a whole number, got {configured!r}") from exc
        if workers < 1:
            raise ValueError(f"{WORKERS_ENV} must be at least 1, got {workers}")
        return workers
    if days > PARALLEL_MAX_DAYS:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def run_suites_sql(
    jobs: Sequence[SuiteJob], db_path: Path, workers: int
) -> Iterator[tuple[SuiteResult, float]]:
    """(result, seconds) of each job, in order; `workers` processes at most."""
    workers = min(workers, len(jobs))
    if workers <= 1:
        for job in jobs:
            started = time.monotonic()
            result = run_suite_sql(job.suite, db_path, job.relation_sql)
            yield result, time.monotonic() - started
        return
    global _jobs, _db_path
    prepare_gx()  # imported and mended once, here, so the forked workers inherit it
    _jobs, _db_path = jobs, db_path
    share = _memory_share(workers)
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers, initializer=_limit_memory, initargs=(share,)) as pool:
            for index, outcome in enumerate(pool.imap(_run_job, range(len(jobs)))):
                yield _unwrap(jobs[index], outcome)
    finally:
        _jobs, _db_path = (), None


def _run_job(index: int) -> tuple[SuiteResult | _Failed, float]:
    job = _jobs[index]
    started = time.monotonic()
    try:
        result: SuiteResult | _Failed = run_suite_sql(job.suite, _db_path, job.relation_sql)
    except SuiteDefinitionError as exc:
        result = _Failed("definition", str(exc))
    except SuiteRunError as exc:
        result = _Failed("run", exc.detail)
    except Exception as exc:  # noqa: BLE001 - any error reaches the parent, named
        result = _Failed("run", f"{type(exc).__name__}: {exc}")
    return result, time.monotonic() - started


def _unwrap(
    job: SuiteJob, outcome: tuple[SuiteResult | _Failed, float]
) -> tuple[SuiteResult, float]:
    result, seconds = outcome
    if isinstance(result, _Failed):
        if result.kind == "definition":
            raise SuiteDefinitionError(result.message)
        raise SuiteRunError(job.suite.name, result.message)
    return result, seconds


_UNITS = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}


def _memory_share(workers: int) -> str:
    """DuckDB's memory limit (CALLSCOPE_DUCKDB_MEMORY_LIMIT, in DuckDB's units: KB, MB, GB, TB
    of 1000^i bytes, KiB... of 1024^i) divided among the workers, in MB: '3GB' / 2 -> '1500MB'."""
    setting = memory_limit()
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", setting)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise ValueError(f"{MEMORY_LIMIT_ENV}: cannot read {setting!r} as an amount of memory")
    megabytes = float(match.group(1)) * _UNITS[unit] / 1000**2
    return f"{max(64, int(megabytes // workers))}MB"


def _limit_memory(share: str) -> None:
    os.environ[MEMORY_LIMIT_ENV] = share
