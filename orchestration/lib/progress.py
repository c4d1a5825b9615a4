"""Condense a Dagster run's log into progress lines a person can follow.

The full log goes to a file; the terminal shows step starts and ends, the ingest counts,
check results that did not pass, and the run's outcome.
"""

from __future__ import annotations

import re
import subprocess
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "RUN_SUCCESS", "RUN_FAILURE"}
DBT_STEP = "callscope_dbt_models"
# dbt's own progress: models built, and anything that did not pass ("12 of 115 OK created ...").
DBT_PROGRESS = re.compile(r"^\d+ of \d+ (OK created|ERROR|FAIL|WARN)|^Done\. PASS=")


def _is_event(field: str) -> bool:
    return field.isupper() and "_" in field


def progress_line(line: str) -> str | None:
    """The line to show for one Dagster log line, or None to keep it in the log file only."""
    fields = line.rstrip("\n").split(" - ")
    if len(fields) < 6 or fields[1] != "dagster":
        return "dbt: " + line.strip() if DBT_PROGRESS.match(line) else None
    level, rest = fields[2], fields[5:]
    if rest[0].isdigit():  # the process id, when the line has one
        rest = rest[1:]
    step = "" if _is_event(rest[0]) else rest[0]
    rest = rest[1:] if step else rest
    event = rest[0] if rest and _is_event(rest[0]) else ""
    message = " - ".join(rest[1:] if event else rest)
    if event in SHOWN_EVENTS:
        return f"{step or 'run'}: {event.lower().replace('_', ' ')}"
    if event == "ASSET_CHECK_EVALUATION" and "did not pass" in message:
        return f"{step}: {message}"
    if level in ("INFO", "ERROR") and not event and step and step != DBT_STEP:
        return f"{step}: {message}"
    return None


def run_id_of(line: str) -> str | None:
    """The Dagster run id a log line names, if it is a Dagster log line."""
    fields = line.split(" - ")
    return fields[4] if len(fields) > 5 and fields[1] == "dagster" else None


def stream_run(command: list[str], log_path: Path, **popen) -> tuple[int, list[str], str | None]:
    """Run `command`, write its output to log_path, print progress; returns (rc, tail, run id)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    tail: deque[str] = deque(maxlen=40)
    run_id = None
    with (
        log_path.open("w", encoding="utf-8") as log,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen
        ) as process,
    ):
        for line in _lines(process.stdout):
            log.write(line)
            tail.append(line.rstrip("\n"))
            run_id = run_id or run_id_of(line)
            shown = progress_line(line)
            if shown:
                print(shown[:200], flush=True)
    return process.returncode, list(tail), run_id


def _lines(stream: Iterable[str] | None) -> Iterator[str]:
    yield from stream or ()
