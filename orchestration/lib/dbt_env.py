"""The environment dbt runs in: the build database path comes from configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from orchestration.lib.config import DBT_PROJECT_DIR, Paths


def dbt_environment(paths: Paths) -> dict[str, str]:
    env = dict(os.environ)
    env["CALLSCOPE_WAREHOUSE_PATH"] = str(paths.warehouse_path)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def dbt_executable() -> str:
    return str(Path(sys.executable).with_name("dbt"))


def dbt_parse(paths: Paths, target_path: Path | None = None) -> None:
    """Write dbt_project/target/manifest.json (or into `target_path`), which the Dagster dbt
    assets are built from."""
    subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--quiet",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            *(["--target-path", str(target_path)] if target_path else []),
        ],
        env=dbt_environment(paths),
        check=True,
    )
