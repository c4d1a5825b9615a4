"""Deterministic sample landing data: a simulated contact centre, every extract of the contract.

    python -m orchestration.lib.generate --days 90 --agents 100 --queues 4 --seed 42 \
        --start 2026-03-27 --out data/landing [--progress]

A workforce planner's model of a centre (see orchestration/lib/sample/): Poisson arrivals per
queue with an intraday curve and a day-of-week profile, agents on rota'd shifts with breaks,
lunch, training and meetings, absences, attrition and hires, exponential customer patience
(abandonment grows with the wait), transfers, callbacks, redials and repeat contacts of
unresolved issues, outcome-driven surveys, cases, orders and monthly costs.

Rows stream to the landing files day by day, so memory does not grow with --days. The same
arguments always give byte-identical files. Existing files of the same name are overwritten;
other files in the landing directory are left alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from orchestration.lib.config import load_paths
from orchestration.lib.sample.simulator import Progress, Simulation, SimulationSize

DEFAULT_START = date(2026, 3, 27)


class GenerateArgumentError(ValueError):
    """An argument outside what the generator supports."""


def generate(
    out_dir: Path,
    *,
    days: int = 3,
    agents: int = 20,
    queues: int = 4,
    seed: int = 42,
    start: date = DEFAULT_START,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write every extract under out_dir/<extract>/; returns the rows written per extract."""
    for name, value in (("days", days), ("agents", agents), ("queues", queues)):
        if value < 1:
            raise GenerateArgumentError(f"--{name} must be at least 1, got {value}")
    if agents < queues:
        raise GenerateArgumentError(f"--agents ({agents}) must be at least --queues ({queues})")
    size = SimulationSize(days=days, agents=agents, queues=queues, seed=seed, start=start)
    return Simulation(out_dir, size, progress).run()


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--queues", type=int, default=4)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--start", type=date.fromisoformat, default=DEFAULT_START, help="YYYY-MM-DD"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="default: the configured landing dir"
    )
    parser.add_argument("--progress", action="store_true", help="one line per simulated day")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    out_dir = (args.out or load_paths().landing_dir).expanduser().resolve()
    began = time.perf_counter()

    def report(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        counts = generate(
            out_dir,
            days=args.days,
            agents=args.agents,
            queues=args.queues,
            seed=args.seed,
            start=args.start,
            progress=report if args.progress else None,
        )
    except GenerateArgumentError as exc:
        raise SystemExit(f"generate: {exc}") from exc
    for extract, rows in counts.items():
        print(f"{extract}: {rows} rows")
    print(f"written under {out_dir} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
