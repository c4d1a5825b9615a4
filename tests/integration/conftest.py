"""Run the real pipeline (`python -m orchestration.cli run`) on generated data in tmp dirs."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from orchestration.lib.config import PROJECT_ROOT, Paths, load_paths
from orchestration.lib.generate import generate

# 2026-03-28..30 holds Europe/Berlin's switch to summer time on 2026-03-29 (a 23-hour day).
START = date(2026, 3, 28)
DAYS = 3


@dataclass
class Pipeline:
    paths: Paths
    env: dict[str, str]

    def run(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "orchestration.cli", "run"],
            env=self.env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )


def make_pipeline(root: Path) -> Pipeline:
    env = dict(os.environ)
    env.update(
        CALLSCOPE_LANDING_DIR=str(root / "landing"),
        CALLSCOPE_DATA_DIR=str(root / "data"),
        DAGSTER_HOME=str(root / "dagster"),
    )
    return Pipeline(load_paths(env), env)


def assert_ran(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]


@pytest.fixture(scope="session")
def generated_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    landing = tmp_path_factory.mktemp("generated") / "landing"
    generate(landing, days=DAYS, agents=12, queues=4, seed=7, start=START)
    return landing


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory, generated_landing: Path) -> Pipeline:
    """One full run over the generated days; tests only read what it published."""
    pipeline = make_pipeline(tmp_path_factory.mktemp("pipeline"))
    pipeline.paths.landing_dir.symlink_to(generated_landing, target_is_directory=True)
    assert_ran(pipeline.run())
    return pipeline
