"""Runs are idempotent and crash-safe: the same input gives the same marts, and a run killed
with SIGKILL in the middle leaves the published file untouched for the next run to replace."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from orchestration.lib.config import PROJECT_ROOT
from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline, assert_ran, make_pipeline

# Columns that record when or by which run a row was loaded, not what the data says.
RUN_COLUMNS = {"loaded_at", "_loaded_at", "_first_loaded_at", "run_id", "published_at"}
# The run log grows by one entry per check and run by design: it records runs, not data.
RUN_LOG_TABLES = {"dq_run_log"}


def content_hashes(path: Path) -> dict[str, str]:
    """One order-independent hash per published table over its data columns."""
    hashes = {}
    with closing(connect(path, read_only=True)) as con:
        tables = [
            row[0] for row in con.execute("show tables").fetchall() if row[0] not in RUN_LOG_TABLES
        ]
        for table in tables:
            columns = [
                row[0]
                for row in con.execute(f"describe {table}").fetchall()
                if row[0] not in RUN_COLUMNS
            ]
            row_text = f"cast(struct_pack({', '.join(columns)}) as varchar)"
            hashes[table] = con.execute(
                f"select count(*) || ':' || coalesce(md5(string_agg({row_text}, chr(10)"
                f" order by {row_text})), '') from {table}"
            ).fetchone()[0]
    return hashes


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_running_the_same_partitions_twice_gives_identical_marts(published: Pipeline) -> None:
    before = content_hashes(published.paths.published_path)
    assert_ran(published.run())
    after = content_hashes(published.paths.published_path)
    assert len(before) > 20
    assert after == before


def test_a_run_killed_mid_build_leaves_the_published_file_and_the_next_run_completes(
    tmp_path: Path, generated_landing: Path
) -> None:
    pipeline = make_pipeline(tmp_path)
    shutil.copytree(generated_landing, pipeline.paths.landing_dir)
    assert_ran(pipeline.run())
    published = pipeline.paths.published_path
    before = (_sha256(published), (pipeline.paths.published_dir / "parquet").resolve())

    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "run"],
        env=pipeline.env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith("callscope_dbt_models: step start"):
            os.killpg(process.pid, signal.SIGKILL)  # the cli, Dagster and dbt, mid-build
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "".join(seen)

    assert (_sha256(published), (pipeline.paths.published_dir / "parquet").resolve()) == before
    assert_ran(pipeline.run())
    assert content_hashes(published)["kpi_queue_daily"].split(":")[0] != "0"
