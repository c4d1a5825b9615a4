"""`make bench [SIZE=small|medium|large]`: how callscope scales, measured in one run.

For one size (agents x days of simulated history):
  simulate      generate days+1 days of landing files (the last one is the "new night")
  full_refresh  python -m orchestration.cli run over the history (every asset, every date)
  reference     bench/reference.sql: kpi_queue_daily in one DuckDB query on the same files
  incremental   land the new day, materialize every asset for that one partition
and check that the reference query and the published kpi_queue_daily agree. Results go to
bench/results/<size>.json and the table in docs/performance.md.

Everything runs in a scratch directory (default: <tmp>/callscope-bench/<size>) with its own
CALLSCOPE_LANDING_DIR, CALLSCOPE_DATA_DIR and DAGSTER_HOME; the repository's data/ is untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path

import duckdb

from bench.measure import Measurement, psutil, run_measured
from bench.report import update_docs

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DOCS_PATH = REPO_ROOT / "docs" / "performance.md"
IMG_DIR = REPO_ROOT / "docs" / "img"
BENCH_SALT = "callscope-bench-salt-not-a-secret"  # hashing costs what it costs in production
_FILE_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})(?:_\d+)?\.")


@dataclass(frozen=True)
class Size:
    name: str
    agents: int
    days: int
    start: date

    @property
    def queues(self) -> int:
        return max(4, self.agents // 40)

    @property
    def new_day(self) -> date:
        return self.start + timedelta(days=self.days)


SIZES = {
    "small": Size("small", 10, 7, date(2026, 3, 27)),
    "medium": Size("medium", 100, 90, date(2026, 3, 27)),
    "large": Size("large", 1000, 365, date(2025, 6, 1)),
}
TARGETS = {  # the targets, for the large size; reported for every size
    "full_refresh_seconds": 600,
    "full_refresh_peak_rss_mb": 4096,
    "incremental_seconds": 60,
    "pipeline_over_reference": 3.0,
}
# kpi_queue_daily components the reference query must reproduce exactly.
COMPARED = (
    "offered", "answered", "abandoned", "short_abandoned", "timed_out", "answered_within_sl",
    "abandoned_within_sl", "transferred", "handled", "wait_seconds_answered",
    "wait_seconds_abandoned", "talk_seconds", "hold_seconds", "acw_seconds",
)  # fmt: skip


def say(text: str) -> None:
    print(f"[bench] {text}", flush=True)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def machine() -> dict[str, object]:
    return {
        "cpu_count": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            p: _version(p)
            for p in ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "great-expectations")
        },
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def project_info(project_dir: Path, label: str | None) -> dict[str, object]:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(project_dir), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    status = git("status", "--porcelain")
    return {
        "dir": str(project_dir),
        "label": label or "",
        "git_commit": git("rev-parse", "HEAD") or "-",
        "uncommitted_files": len(status.splitlines()) if status else 0,
    }


def snapshot(project: Path, target: Path) -> Path:
    """Copy the checkout's files (tracked and untracked, not ignored) so that edits made while
    a long benchmark runs cannot change what it measures."""
    listed = subprocess.run(
        ["git", "-C", str(project), "ls-files", "-co", "--exclude-standard", "-z"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = project / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    return target


def link_files(source: Path, target: Path, keep: Callable[[date], bool]) -> int:
    """Hard-link (or copy) the landing files whose date passes `keep`; returns how many."""
    count = 0
    for path in sorted(source.rglob("*")):
        match = _FILE_DATE.search(path.name)
        if not path.is_file() or not match or not keep(date.fromisoformat(match[1])):
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:
            shutil.copy2(path, destination)
        count += 1
    return count


def pipeline_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CALLSCOPE_LANDING_DIR=str(work / "landing"),
        CALLSCOPE_DATA_DIR=str(work / "data"),
        CALLSCOPE_WAREHOUSE_PATH=str(work / "data" / "warehouse" / "callscope.duckdb"),
        DAGSTER_HOME=str(work / "dagster"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        CALLSCOPE_PII_SALT=os.environ.get("CALLSCOPE_PII_SALT") or BENCH_SALT,
        PYTHONUNBUFFERED="1",
    )
    (work / "dagster").mkdir(parents=True, exist_ok=True)
    return env


def compare_with_pipeline(published: Path, reference: Path) -> dict[str, object]:
    """Rows (queue, local day with contacts) where the reference and the mart disagree."""
    differs = " or ".join(f"p.{c} is distinct from r.{c}" for c in COMPARED)
    with closing(duckdb.connect(str(published), read_only=True)) as con:
        rows, mismatches = con.execute(
            f"""
            select count(*), count(*) filter (where p.queue_id is null or {differs})
            from read_parquet('{reference.as_posix()}') r
            left join kpi_queue_daily p using (queue_id, local_date)
            """
        ).fetchone()
        extra = con.execute(
            f"""
            select count(*) from kpi_queue_daily p
            where p.offered > 0 and not exists (
                select 1 from read_parquet('{reference.as_posix()}') r
                where r.queue_id = p.queue_id and r.local_date = p.local_date)
            """
        ).fetchone()[0]
    return {"rows_compared": rows, "mismatches": mismatches, "pipeline_only_rows": extra}


def published_days(published: Path) -> list[str]:
    with closing(duckdb.connect(str(published), read_only=True)) as con:
        rows = con.execute(
            "select distinct local_date from kpi_queue_daily where offered > 0 order by 1"
        ).fetchall()
    return [r[0].isoformat() for r in rows]


def count_rows(counts_log: Path) -> dict[str, int]:
    counts = {}
    for line in counts_log.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\w+): (\d+) rows$", line)
        if match:
            counts[match[1]] = int(match[2])
    return counts


def reused_measurement(path: Path) -> Measurement:
    """The simulate step as an earlier run measured it."""
    recorded = json.loads(path.read_text())
    peak = int(recorded["peak_tree_rss_mb"] * 2**20)
    return Measurement(
        "simulate",
        ["(reused)"],
        seconds=recorded["seconds"],
        returncode=0,
        peak_tree_rss_bytes=peak,
        peak_process_rss_bytes=peak,
    )


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(args: argparse.Namespace) -> dict[str, object]:
    if psutil is None:
        # getrusage alone knows only the largest child of this whole process: after the full
        # refresh, the nightly and reference steps would read as 0 MB (it happened once)
        raise SystemExit(
            "the benchmark needs psutil to measure peak memory per step:"
            " pip install -e '.[bench]' (make bench installs it)"
        )
    size = SIZES[args.size]
    project = Path(args.project_dir).resolve()
    work = Path(args.work_dir or Path(tempfile.gettempdir()) / "callscope-bench" / size.name)
    if work.exists():
        shutil.rmtree(work)
    (work / "logs").mkdir(parents=True)
    python = sys.executable
    info = project_info(project, args.project_label)
    if args.snapshot:
        project = snapshot(project, work / "project")
        info["snapshot"] = str(project)
    say(
        f"size {size.name}: {size.agents} agents x {size.days} days ({size.queues} queues),"
        f" new day {size.new_day}; project {project}; scratch {work}"
    )
    result: dict[str, object] = {
        "size": size.name,
        "agents": size.agents,
        "days": size.days,
        "queues": size.queues,
        "seed": args.seed,
        "start": size.start.isoformat(),
        "new_day": size.new_day.isoformat(),
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "project": info,
        "note": args.note,
    }
    steps: dict[str, Measurement] = {}

    generated = work / "generated"
    if args.reuse_generated:
        generated = Path(args.reuse_generated).resolve()
        say(f"1/4 simulate: reusing {generated} and its measurement (simulate.json)")
        shutil.copy(generated / "simulate.log", work / "logs" / "simulate.log")
        steps["simulate"] = reused_measurement(generated / "simulate.json")
        result["simulate_reused_from"] = str(generated)
    else:
        say("1/4 simulate: history plus the new day")
        steps["simulate"] = run_measured(
            "simulate",
            [
                python, "-m", "orchestration.lib.generate", "--days", str(size.days + 1),
                "--agents", str(size.agents), "--queues", str(size.queues), "--seed",
                str(args.seed), "--start", size.start.isoformat(), "--out",
                str(generated), "--progress",
            ],
            env=pipeline_env(work), cwd=project, log_path=work / "logs" / "simulate.log",
        )  # fmt: skip
    if steps["simulate"].returncode != 0:
        raise SystemExit(f"simulation failed, see {work / 'logs' / 'simulate.log'}")
    rows = count_rows(work / "logs" / "simulate.log")
    if args.plots or (args.plots is None and size.name == "medium"):
        try:
            from bench.plots import make_plots

            for path in make_plots(generated, IMG_DIR):
                say(f"realism plot: {path}")
        except ImportError as exc:  # matplotlib is in the bench extra
            say(f"no plots ({exc}); install the bench extra: pip install -e '.[bench]'")
    landed = link_files(generated, work / "landing", lambda d: d < size.new_day)
    say(f"landed {landed} history files ({dir_bytes(work / 'landing') / 2**20:,.0f} MB)")

    say("2/4 full refresh: every asset over the history")
    steps["full_refresh"] = run_measured(
        "full_refresh", [python, "-m", "orchestration.cli", "run"],
        env=pipeline_env(work), cwd=project, log_path=work / "logs" / "full_refresh.log",
    )  # fmt: skip
    published = work / "data" / "published" / "callscope.duckdb"

    say("3/4 reference: kpi_queue_daily in one DuckDB query on the same files")
    steps["reference"] = run_measured(
        "reference",
        [python, "-m", "bench.reference", str(work / "landing"), str(work / "reference.parquet")],
        env=dict(os.environ), cwd=REPO_ROOT, log_path=work / "logs" / "reference.log",
    )  # fmt: skip
    if steps["full_refresh"].returncode == 0 and steps["reference"].returncode == 0:
        result["reference_check"] = compare_with_pipeline(published, work / "reference.parquet")
        say(f"reference vs published kpi_queue_daily: {result['reference_check']}")

    say(f"4/4 nightly incremental: land {size.new_day}, materialize that partition")
    new_files = link_files(generated, work / "landing", lambda d: d == size.new_day)
    say(f"landed {new_files} files for {size.new_day}")
    steps["incremental"] = run_measured(
        "incremental",
        [
            str(Path(python).with_name("dagster")), "asset", "materialize", "-m",
            "orchestration.definitions", "--select", "*", "--partition",
            size.new_day.isoformat(),
        ],
        env=pipeline_env(work), cwd=project, log_path=work / "logs" / "incremental.log",
    )  # fmt: skip
    if steps["incremental"].returncode == 0:
        days = published_days(published)
        result["incremental_check"] = {
            "published_days": len(days),
            "new_day_published": size.new_day.isoformat() in days,
        }

    segments = rows.get("acd_contacts", 0)
    simulate = steps["simulate"]
    result["data"] = {
        "rows_generated": rows,
        "segments_generated": segments,
        "landing_mb": round(dir_bytes(work / "landing") / 2**20, 1),
        "warehouse_mb": round(dir_bytes(work / "data" / "warehouse") / 2**20, 1),
    }
    result["steps"] = {name: m.as_dict() for name, m in steps.items()}
    result["steps"]["simulate"]["segments_per_minute"] = round(
        segments / max(simulate.seconds, 1e-9) * 60
    )
    full, reference = steps["full_refresh"], steps["reference"]
    ratio = full.seconds / reference.seconds if reference.seconds else None
    result["pipeline_over_reference"] = round(ratio, 1) if ratio else None
    result["targets"] = {
        "full_refresh_seconds": _target(full.seconds, TARGETS["full_refresh_seconds"]),
        "full_refresh_peak_rss_mb": _target(
            full.peak_tree_rss_bytes / 2**20, TARGETS["full_refresh_peak_rss_mb"]
        ),
        "incremental_seconds": _target(
            steps["incremental"].seconds, TARGETS["incremental_seconds"]
        ),
        "pipeline_over_reference": _target(ratio, TARGETS["pipeline_over_reference"]),
    }
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if not args.keep and not args.reuse_generated:
        shutil.rmtree(generated, ignore_errors=True)
    return result


def _target(value: float | None, limit: float) -> dict[str, object]:
    return {
        "value": None if value is None else round(value, 1),
        "target": limit,
        "met": value is not None and value <= limit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--project-dir", default=str(REPO_ROOT), help="the callscope checkout to run"
    )
    parser.add_argument(
        "--project-label", default=None, help="what the project dir is, for the record"
    )
    parser.add_argument("--work-dir", default=None, help="scratch dir (deleted first)")
    parser.add_argument("--note", default="", help="a remark stored with the results")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="run a frozen copy of the checkout (files may change)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--reuse-generated",
        default=None,
        help="landing files simulated by an earlier run of this size (with its simulate.log and"
        " simulate.json = {seconds, peak_tree_rss_mb}); for the large size, whose simulation"
        " takes a quarter of an hour",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/performance.md")
    parser.add_argument(
        "--plots",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write the realism plots to docs/img (default: for the medium size)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    result = run(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{args.size}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    say(f"results: {out} ({time.perf_counter() - began:.0f} s in all)")
    if not args.no_docs:
        update_docs(DOCS_PATH, RESULTS_DIR)
        say(f"table updated in {DOCS_PATH}")
    failed = [s for s, m in result["steps"].items() if m["returncode"] not in (0, None)]
    if failed:
        say(f"failed steps: {', '.join(failed)} (see the logs under the scratch dir)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
