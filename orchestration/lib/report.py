"""The short human-readable report printed at the end of a run."""

from __future__ import annotations

import shlex
from contextlib import closing
from pathlib import Path

from orchestration.lib.config import Paths
from orchestration.lib.contract import EXTRACTS
from orchestration.lib.duck import connect
from orchestration.lib.raw_layer import raw_table
from orchestration.lib.run_log import summary_lines


def _table_counts(path, tables: list[str]) -> dict[str, int]:
    with closing(connect(path, read_only=True)) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def _reconciliation(path: Path) -> list[tuple]:
    with closing(connect(path, read_only=True)) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables"
            " where table_schema = 'marts' and table_name = 'dq_reconciliation'"
        ).fetchone()[0]
        if not exists:
            return []
        return con.execute(
            "select extract, sum(landed), sum(staged), sum(duplicates), sum(quarantined)"
            " from marts.dq_reconciliation group by extract order by extract"
        ).fetchall()


def run_report(paths: Paths, run_id: str | None = None) -> str:
    lines = ["", "callscope run report", "===================="]
    if not paths.warehouse_path.exists():
        return "\n".join([*lines, "Nothing was built."])
    if run_id:
        lines.append(f"Run {run_id}")
        lines += summary_lines(paths.warehouse_path, run_id)
    reconciliation = _reconciliation(paths.warehouse_path)
    if reconciliation:
        lines.append("Rows per extract: landed = staged + duplicates + quarantined")
        lines += [
            f"  {extract:<24} {landed:>10,} = {staged:>10,} + {duplicates:>8,} + {quarantined:>6,}"
            for extract, landed, staged, duplicates, quarantined in reconciliation
        ]
    else:
        raw = _table_counts(paths.warehouse_path, [raw_table(name) for name in EXTRACTS])
        lines.append("Landed rows in raw (all deliveries):")
        lines += [f"  {table:<32} {count:>10,}" for table, count in raw.items()]
    if paths.published_path.exists():
        with closing(connect(paths.published_path, read_only=True)) as con:
            marts = [row[0] for row in con.execute("show tables").fetchall()]
        lines.append(f"Published {paths.published_path}:")
        counts = _table_counts(paths.published_path, marts)
        lines += [f"  {mart:<32} {count:>10,}" for mart, count in counts.items()]
    else:
        lines.append("Nothing is published yet.")
    return "\n".join(lines)


def query_instructions(paths: Paths) -> str:
    db = shlex.quote(str(paths.published_path))
    # one file per month of local_date (orchestration/lib/publish_build.py): read the folder
    parquet = paths.published_dir / "parquet" / "kpi_queue_daily" / "*.parquet"
    return "\n".join(
        [
            "",
            "Query the published marts (read-only):",
            f'  .venv/bin/python -c "import duckdb; print(duckdb.connect({db!r}, read_only=True)'
            ".sql('select * from kpi_queue_daily limit 5'))\"",
            f'  duckdb -readonly {db} "select * from kpi_queue_daily limit 5"   # DuckDB CLI',
            f"  Parquet: select * from read_parquet('{parquet}')",
        ]
    )
