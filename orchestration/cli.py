"""`python -m orchestration.cli run|prepare`: what `make run` and `make test` call.

run: generate sample data when nothing landed, prepare the dbt manifest, materialize every
asset for the landed dates in one Dagster run (ingest -> dbt -> checks -> publish), then
print the run report and how to query the published marts.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from orchestration.lib.config import PROJECT_ROOT, Paths, load_paths
from orchestration.lib.dbt_env import dbt_environment, dbt_parse
from orchestration.lib.generate import generate
from orchestration.lib.landing import has_landed_files, landed_dates
from orchestration.lib.pii import PiiSaltError, pii_salt
from orchestration.lib.progress import stream_run
from orchestration.lib.report import query_instructions, run_report
from orchestration.lib.run_log import log_not_published


class RunFailedError(RuntimeError):
    """The Dagster run failed or was blocked; the published marts are unchanged."""


# Dagster writes one "materialization planned" event per asset and date of a partition range
# (SQLite storage, unpartitioned assets included): 8,000 events and 72 s before a 91-day
# backfill starts, ~32,000 for a year. With this set it writes one per asset; the price is that
# the UI does not mark each date of a failed backfill as failed (the run is).
PLANNED_EVENTS_ENV = {"DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS": "true"}


def _dagster_environment(paths: Paths) -> dict[str, str]:
    env = {**dbt_environment(paths), **PLANNED_EVENTS_ENV}
    env["CALLSCOPE_LANDING_DIR"] = str(paths.landing_dir)
    env["CALLSCOPE_DATA_DIR"] = str(paths.data_dir)
    home = Path(env.get("DAGSTER_HOME") or paths.data_dir / "dagster")
    home.mkdir(parents=True, exist_ok=True)
    env["DAGSTER_HOME"] = str(home)
    return env


def materialize(paths: Paths, first: str, last: str) -> str | None:
    """One Dagster run over the partition range first...last, every asset and check."""
    command = [
        str(Path(sys.executable).with_name("dagster")),
        "asset",
        "materialize",
        "-m",
        "orchestration.definitions",
        "--select",
        "*",
        "--partition-range",
        f"{first}...{last}",
    ]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_path = paths.data_dir / "logs" / f"run-{stamp}.log"
    print(f"Materializing {first}...{last}; full log: {log_path}")
    returncode, tail, run_id = stream_run(
        command, log_path, env=_dagster_environment(paths), cwd=PROJECT_ROOT
    )
    if returncode != 0:
        print("\n".join(tail), file=sys.stderr)
        why = f"the run failed before publishing (log: {log_path})"
        if run_id and paths.warehouse_path.exists():
            why = log_not_published(paths.warehouse_path, run_id, str(paths.published_path), why)
        print(run_report(paths, run_id))
        raise RunFailedError(
            f"the run for {first}...{last} published nothing: {why};"
            f" {paths.published_path} is unchanged"
        )
    return run_id


def ensure_sample_data(paths: Paths) -> None:
    if has_landed_files(paths.landing_dir):
        return
    print(f"No extracts in {paths.landing_dir}: generating a sample landing set.")
    generate(paths.landing_dir)


def run(paths: Paths) -> None:
    pii_salt()  # fail before any work when the production profile has no salt
    ensure_sample_data(paths)
    dates = landed_dates(paths.landing_dir)
    dbt_parse(paths)
    run_id = materialize(paths, dates[0].isoformat(), dates[-1].isoformat())
    print(run_report(paths, run_id))
    print(query_instructions(paths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.cli")
    parser.add_argument("command", choices=["run", "prepare"])
    args = parser.parse_args(argv)
    paths = load_paths()
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    try:
        if args.command == "prepare":
            dbt_parse(paths)
        else:
            run(paths)
    except (RunFailedError, PiiSaltError) as exc:
        print(f"callscope: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
