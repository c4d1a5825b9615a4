"""Every DuckDB connection runs in UTC with a memory limit: big joins spill, not grow."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
import yaml

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.duck import MEMORY_LIMIT_ENV, connect


@pytest.mark.parametrize(("value", "expected"), [(None, "2.7 GiB"), ("1GB", "953.6 MiB")])
def test_connections_have_utc_and_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None, expected: str
) -> None:
    if value is None:
        monkeypatch.delenv(MEMORY_LIMIT_ENV, raising=False)
    else:
        monkeypatch.setenv(MEMORY_LIMIT_ENV, value)
    with closing(connect(tmp_path / "w.duckdb")) as con:
        settings = con.execute(
            "select current_setting('TimeZone'), current_setting('memory_limit')"
        ).fetchone()
    assert settings == ("UTC", expected)  # 3GB (default) and 1GB, as DuckDB shows them


def test_dbt_reads_the_same_memory_limit() -> None:
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    settings = profile["callscope"]["outputs"]["build"]["settings"]
    assert settings["memory_limit"] == "{{ env_var('CALLSCOPE_DUCKDB_MEMORY_LIMIT', '3GB') }}"
    assert settings["TimeZone"] == "UTC"


def test_a_small_write_can_close_without_checkpointing_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    """checkpoint_on_close False leaves the write in the write-ahead log (no checkpoint of the
    whole file on close); the next connection, read-only or not, replays it. By default closing
    checkpoints: no log is left."""
    db = tmp_path / "w.duckdb"
    wal = tmp_path / "w.duckdb.wal"
    with closing(connect(db)) as con:
        con.execute("create table t (x integer)")
    assert not wal.exists()
    with closing(connect(db, checkpoint_on_close=False)) as con:
        con.execute("insert into t values (1), (2)")
    assert wal.exists() and wal.stat().st_size > 0
    with closing(connect(db, read_only=True)) as con:
        assert con.execute("select sum(x) from t").fetchone() == (3,)
    with closing(connect(db)) as con:
        con.execute("insert into t values (3)")
    assert not wal.exists()  # this close checkpointed both writes into the file
    with closing(connect(db, read_only=True)) as con:
        assert con.execute("select sum(x) from t").fetchone() == (6,)
