"""Run one command and measure it: wall time, peak RSS of its whole process tree, step timings.

Memory is sampled every `interval` seconds with psutil as the sum of the RSS of the process
and all its descendants (an upper bound: pages shared between processes count once per
process), and as the largest single process. Without psutil only the largest child so far of
the calling process is known (getrusage RUSAGE_CHILDREN), which bench.run refuses. Output is
written to a log file; the lines that show progress (Dagster step events, dbt model results,
errors) are echoed with the elapsed time.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psutil
except ImportError:  # the bench extra is not installed: fall back to getrusage
    psutil = None

_STEP_EVENT = (
    re.compile(r'(?P<event>STEP_START|STEP_SUCCESS|STEP_FAILURE) - .*?step "(?P<step>[^"]+)"'),
    re.compile(r"^(?P<step>[\w.\[\]-]+): step (?P<event>start|success|failure)\b"),
)
_DBT_RESULT = re.compile(
    r"\d+ of \d+ (?P<status>OK|ERROR|PASS|FAIL|WARN)\s+(?:created sql \w+ model |loaded seed"
    r" file |)(?P<node>[\w.]+).*?\bin (?P<seconds>[\d.]+)s"
)
_ECHO = re.compile(
    r"STEP_(START|SUCCESS|FAILURE)|: step (start|success|failure)|\d+ of \d+ (OK|ERROR|FAIL)"
    r"|Traceback|Error|ERROR|failed|rows\b",
)


@dataclass
class Measurement:
    label: str
    command: list[str]
    seconds: float = 0.0
    returncode: int | None = None
    peak_tree_rss_bytes: int = 0
    peak_process_rss_bytes: int = 0
    steps: dict[str, float] = field(default_factory=dict)  # Dagster step -> seconds
    dbt_nodes: dict[str, float] = field(default_factory=dict)  # dbt node -> seconds
    log_path: str = ""
    # At the peak of the tree's RSS: when, which Dagster steps were running, and each process
    peak_tree_at_seconds: float = 0.0
    peak_tree_steps: list[str] = field(default_factory=list)
    peak_tree_processes: list[tuple[str, float]] = field(default_factory=list)  # name, MB

    def as_dict(self) -> dict[str, object]:
        slowest = sorted(self.dbt_nodes.items(), key=lambda kv: -kv[1])[:15]
        return {
            "seconds": round(self.seconds, 2),
            "returncode": self.returncode,
            "peak_tree_rss_mb": round(self.peak_tree_rss_bytes / 2**20, 1),
            "peak_process_rss_mb": round(self.peak_process_rss_bytes / 2**20, 1),
            "peak_tree_at_seconds": round(self.peak_tree_at_seconds, 1),
            "peak_tree_steps": list(self.peak_tree_steps),
            "peak_tree_processes_mb": [[name, round(mb)] for name, mb in self.peak_tree_processes],
            "dagster_steps_seconds": {k: round(v, 2) for k, v in self.steps.items()},
            "dbt_nodes": len(self.dbt_nodes),
            "dbt_seconds_total": round(sum(self.dbt_nodes.values()), 2),
            "dbt_slowest_nodes_seconds": {k: round(v, 2) for k, v in slowest},
            "log": self.log_path,
            "command": " ".join(self.command),
        }


def _tree_rss(root: psutil.Process) -> tuple[int, int, list[tuple[str, int]]]:
    """The RSS of `root` and its descendants: total, largest, and (process, RSS) of each."""
    total = largest = 0
    parts: list[tuple[str, int]] = []
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0, parts
    for process in processes:
        try:
            rss = process.memory_info().rss
            parts.append((_process_name(process), rss))
        except psutil.Error:
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest, parts


def _process_name(process: psutil.Process) -> str:
    """e.g. 'dbt build', 'dagster asset', 'python -m orchestration.cli'."""
    try:
        command = process.cmdline()
        words = [Path(command[0]).name, *command[1:3]]
    except (psutil.Error, IndexError):
        return process.name()
    return " ".join(words)[:60]


def run_measured(
    label: str,
    command: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    log_path: Path,
    interval: float = 0.2,
    heartbeat: float = 15.0,
) -> Measurement:
    """Run `command`, echo its progress lines, and measure it."""
    result = Measurement(label, command, log_path=str(log_path))
    started_steps: dict[str, float] = {}
    began = time.perf_counter()
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024

    def say(text: str) -> None:
        print(f"[{label} +{time.perf_counter() - began:7.1f}s] {text}", flush=True)

    say("$ " + " ".join(command))
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                log.write(line)
                now = time.perf_counter() - began
                for pattern in _STEP_EVENT:
                    match = pattern.search(line)
                    if match:
                        event, step = match["event"].lower(), match["step"]
                        if "start" in event:
                            started_steps[step] = now
                        elif step in started_steps:
                            result.steps[step] = now - started_steps.pop(step)
                        break
                dbt = _DBT_RESULT.search(line)
                if dbt:
                    result.dbt_nodes[dbt["node"]] = float(dbt["seconds"])
                if _ECHO.search(line) and "DEBUG" not in line[:80]:
                    say(line.rstrip()[:160])

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        watched = psutil.Process(process.pid) if psutil else None
        last_beat = time.perf_counter()
        while process.poll() is None:
            if watched is not None:
                total, largest, parts = _tree_rss(watched)
                if total > result.peak_tree_rss_bytes:
                    result.peak_tree_rss_bytes = total
                    result.peak_tree_at_seconds = time.perf_counter() - began
                    result.peak_tree_steps = sorted(started_steps)
                    result.peak_tree_processes = [(name, rss / 2**20) for name, rss in parts]
                result.peak_process_rss_bytes = max(result.peak_process_rss_bytes, largest)
            if time.perf_counter() - last_beat >= heartbeat:
                last_beat = time.perf_counter()
                say(f"... running, peak RSS so far {result.peak_tree_rss_bytes / 2**20:,.0f} MB")
            time.sleep(interval)
        reader.join()
    result.seconds = time.perf_counter() - began
    result.returncode = process.returncode
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if after_children > before_children:  # a new largest child: getrusage saw it exactly
        result.peak_process_rss_bytes = max(result.peak_process_rss_bytes, after_children)
    if watched is None:
        result.peak_tree_rss_bytes = result.peak_process_rss_bytes
    say(
        f"done in {result.seconds:.1f} s, exit {result.returncode},"
        f" peak RSS {result.peak_tree_rss_bytes / 2**20:,.0f} MB (tree)"
    )
    return result


if __name__ == "__main__":  # python -m bench.measure <command...>: measure any command
    measured = run_measured(
        "measure", sys.argv[1:], env=dict(os.environ), cwd=Path.cwd(), log_path=Path(os.devnull)
    )
    print(measured.as_dict())
