"""Where callscope reads and writes: every path comes from the environment, never the cwd."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


@dataclass(frozen=True)
class Paths:
    landing_dir: Path
    data_dir: Path

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def warehouse_path(self) -> Path:
        """The private build database: raw, staging and marts before the audit."""
        return self.warehouse_dir / "callscope.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.data_dir / "published"

    @property
    def published_path(self) -> Path:
        return self.published_dir / "callscope.duckdb"


def _absolute(value: str) -> Path:
    return Path(value).expanduser().resolve()


def load_paths(environ: dict[str, str] | None = None) -> Paths:
    """Resolve paths from CALLSCOPE_LANDING_DIR / CALLSCOPE_DATA_DIR (defaults under the repo)."""
    env = os.environ if environ is None else environ
    data_dir = _absolute(env.get("CALLSCOPE_DATA_DIR") or str(PROJECT_ROOT / "data"))
    default_landing = PROJECT_ROOT / "data" / "landing"
    landing_dir = _absolute(env.get("CALLSCOPE_LANDING_DIR") or str(default_landing))
    return Paths(landing_dir=landing_dir, data_dir=data_dir)
