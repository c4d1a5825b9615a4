"""Run bench/reference.sql on a landing dir: `python -m bench.reference LANDING OUT.parquet`.

Run as its own process so the benchmark can measure its time and memory like the pipeline's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

SQL_PATH = Path(__file__).with_name("reference.sql")


def reference_sql(landing: Path) -> str:
    return SQL_PATH.read_text(encoding="utf-8").replace("{landing}", landing.as_posix())


def main(argv: list[str]) -> None:
    landing, out = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    began = time.perf_counter()
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"copy ({reference_sql(landing)}) to '{out.as_posix()}' (format parquet)")
    rows = con.execute(f"select count(*) from '{out.as_posix()}'").fetchone()[0]
    print(f"reference: {rows} rows of kpi_queue_daily in {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
