"""Incremental rule checks: a build with var `incremental` judges the row rules on the new files
only and the overlap rule again for the states a new file can change (against every state still
running then), and gives exactly the violations a full rebuild gives over the same raw rows.

The bad-row cases of test_bad_rows land in two nights. The second night brings some of those
case files and an agent-state re-delivery that changes what older files' rows overlap: a state
stretched over its neighbour (which is now quarantined), a state shrunk off its neighbour (which
is freed) and a new state starting inside an older one.
"""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.lib.contract import EXTRACTS
from orchestration.lib.duck import connect
from orchestration.lib.ingest import ingest_extract
from orchestration.lib.landing import landed_dates
from orchestration.lib.raw_layer import ensure_raw_tables
from tests.unit.test_bad_rows import CASES, DAY, DBT_VARS, _dbt, _write

TONIGHT_CASES = {"duplicate_key_in_one_file", "channel_outside_set", "csat_above_5"}
AGENT = "AG-inc"


def _state(start: str, end: str, updated: str = "2026-03-02T12:00:00Z") -> dict[str, str]:
    return {
        "agent_id": AGENT,
        "state": "available",
        "started_at": f"2026-03-02T{start}:00Z",
        "ended_at": f"2026-03-02T{end}:00Z",
        "updated_at": updated,
    }


# line 2..6 of the history file; every state ends before the next starts, except 10:20
HISTORY_STATES = [
    _state("08:00", "08:30"),  # line 2: stretched tonight over line 3
    _state("08:40", "09:00"),  # line 3: quarantined tonight
    _state("09:10", "09:20"),  # line 4: tonight's new 09:15 state starts inside it
    _state("10:00", "10:30"),  # line 5: shrunk tonight to 10:15
    _state("10:20", "10:40"),  # line 6: overlaps line 5 until tonight
]
# line 7: a state of another agent running for five days, longer than any fixed margin
LONG_AGENT = "AG-long"
LONG_STATE = {
    **_state("00:00", "12:00"),
    "agent_id": LONG_AGENT,
    "state": "aux",
    "started_at": "2026-02-25T08:00:00Z",
}
HISTORY_STATES.append(LONG_STATE)
LATER = "2026-03-02T13:00:00Z"
TONIGHT_STATES = [
    _state("08:00", "08:50", LATER),  # line 2: re-delivery of history line 2
    _state("09:15", "09:30"),  # line 3: new, inside history line 4
    _state("10:00", "10:15", LATER),  # line 4: re-delivery of history line 5
    {**_state("11:00", "11:30"), "agent_id": LONG_AGENT},  # line 5: inside the five-day state
]

MARK = "first night: "
RULE_CHECK_MODELS = [f"int_{name}_rule_checks" for name in EXTRACTS]


@dataclass
class Nights:
    incremental: Path
    full: Path
    history_file: str
    tonight_file: str
    tmp: Path
    first_night_overlaps: set[tuple[str, int]]
    tonight: set[str]  # the second night's new files
    marked: Path  # as incremental, with every overlap reason marked before the second night


def _ingest(db: Path, landing: Path, files: set[str]) -> None:
    """Ingest exactly `files` (relative names) of the landing dir."""
    staged = db.parent / f"landing-{len(files)}-{db.stem}"
    for name in files:
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(landing / name, staged / name)
    with closing(connect(db)) as con:
        ensure_raw_tables(con)
        for extract in EXTRACTS:
            ingest_extract(con, staged, extract, set(landed_dates(staged)))


def _run_quality(db: Path, tmp: Path, extra_vars: dict, *flags: str) -> None:
    result = _dbt(
        ["run", "--select", "quality", "--vars", json.dumps({**DBT_VARS, **extra_vars}), *flags],
        db,
        tmp,
    )
    assert result.returncode == 0, result.stdout[-6000:]


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Nights:
    tmp = tmp_path_factory.mktemp("incremental_rule_checks")
    landing = tmp / "landing"
    files = {
        case.id: _write(landing, case.extract, case.day, seq, case.rows, case.id)
        for seq, case in enumerate(CASES, start=1)
    }
    history_file = _write(landing, "acd_agent_states", DAY, 90, HISTORY_STATES, "history")
    tonight_file = _write(landing, "acd_agent_states", DAY, 91, TONIGHT_STATES, "tonight")
    tonight = {files[case] for case in TONIGHT_CASES} | {tonight_file}
    history = set(files.values()) - tonight | {history_file}

    incremental = tmp / "incremental.duckdb"
    _ingest(incremental, landing, history)
    _run_quality(incremental, tmp / "night1", {})
    first_night_overlaps = {
        (r[0], r[1])
        for r in _violations(incremental, "int_acd_agent_states_rule_checks")
        if r[5] == "overlapping_interval"
    }
    _ingest(incremental, landing, tonight)
    full = tmp / "full.duckdb"
    shutil.copy(incremental, full)
    marked = tmp / "marked.duckdb"
    shutil.copy(incremental, marked)
    with closing(connect(marked)) as con:
        con.execute(
            "update quality.int_acd_agent_states_rule_checks set reason = ? || reason"
            " where rule = 'overlapping_interval'",
            [MARK],
        )
    tonight_vars = {"incremental": {"new_files": sorted(tonight)}}
    _run_quality(incremental, tmp / "night2", tonight_vars)
    _run_quality(marked, tmp / "marked", tonight_vars)
    _run_quality(full, tmp / "full", {}, "--full-refresh")
    return Nights(
        incremental, full, history_file, tonight_file, tmp, first_night_overlaps, tonight, marked
    )


def _violations(db: Path, model: str) -> list[tuple]:
    with closing(connect(db, read_only=True)) as con:
        return con.execute(f"select * from quality.{model} order by all").fetchall()


@pytest.mark.parametrize("model", RULE_CHECK_MODELS)
def test_incremental_rule_checks_equal_a_full_rebuild(nights: Nights, model: str) -> None:
    assert _violations(nights.incremental, model) == _violations(nights.full, model)


def test_the_second_night_judged_only_the_new_files_rows(nights: Nights) -> None:
    """The second night's compiled rule checks read raw rows of the new files alone (and, for
    the overlap rule only, every file)."""
    compiled = nights.tmp / "night2" / "target" / "compiled" / "callscope" / "models" / "quality"
    contacts = (compiled / "int_acd_contacts_rule_checks.sql").read_text()
    assert contacts.count("where (\n        raw_rows._file in (") == 1
    assert "every_file" not in contacts  # no overlap rule: no scan of every file
    states = (compiled / "int_acd_agent_states_rule_checks.sql").read_text()
    assert "every_file as not materialized" in states


def _tonight_overlap_reason(nights: Nights, line: int) -> str:
    """The reason the incremental build gives for tonight's file's overlapping `line`."""
    rows = _violations(nights.incremental, "int_acd_agent_states_rule_checks")
    key = (nights.tonight_file, line, "overlapping_interval")
    return next(r[7] for r in rows if (r[0], r[1], r[5]) == key)


def test_a_new_file_changes_what_older_rows_overlap(nights: Nights) -> None:
    rows = _violations(nights.incremental, "int_acd_agent_states_rule_checks")
    overlaps = {(r[0], r[1]) for r in rows if r[5] == "overlapping_interval"}
    mine = {pair for pair in overlaps if pair[0] in (nights.history_file, nights.tonight_file)}
    assert mine == {
        (nights.history_file, 3),  # 08:40 now inside the stretched 08:00-08:50
        (nights.tonight_file, 3),  # 09:15 inside 09:10-09:20 of the history file
        (nights.tonight_file, 5),  # 11:00 inside the state that started five days before
    }
    assert _tonight_overlap_reason(nights, 3) == (
        f"acd_agent_states: agent_id {AGENT} state available from 2026-03-02T09:15:00Z starts"
        " inside the available state 2026-03-02T09:10:00Z to 2026-03-02T09:20:00Z of"
        f" {nights.history_file} line 4 (rule: intervals of one agent_id must not overlap)"
    )


def test_a_new_file_frees_an_older_row_it_no_longer_overlaps(nights: Nights) -> None:
    """History line 6 (10:20) overlapped line 5 until tonight's re-delivery shrank line 5."""
    assert (nights.history_file, 6) in nights.first_night_overlaps
    rows = _violations(nights.incremental, "int_acd_agent_states_rule_checks")
    assert (nights.history_file, 6) not in {(r[0], r[1]) for r in rows}


def test_a_new_state_inside_one_that_began_days_before_is_quarantined(nights: Nights) -> None:
    """The states judged again are compared with every state still running when they start,
    however long before that state began (no fixed window)."""
    assert _tonight_overlap_reason(nights, 5) == (
        f"acd_agent_states: agent_id {LONG_AGENT} state available from 2026-03-02T11:00:00Z starts"
        " inside the aux state 2026-02-25T08:00:00Z to 2026-03-02T12:00:00Z of"
        f" {nights.history_file} line 7 (rule: intervals of one agent_id must not overlap)"
    )


def test_the_second_night_judged_the_overlap_rule_on_the_affected_states_only(
    nights: Nights,
) -> None:
    """Every overlap verdict was marked before the second night: the history's overlaps that
    tonight's files cannot change (the bad-row cases of other agents) keep the mark, so they
    were not judged again; those of the affected states were deleted and judged anew."""
    rows = _violations(nights.marked, "int_acd_agent_states_rule_checks")
    unmarked = [(*r[:7], r[7].removeprefix(MARK), *r[8:]) for r in rows]
    expected = _violations(nights.incremental, "int_acd_agent_states_rule_checks")
    assert sorted(unmarked, key=repr) == sorted(expected, key=repr)
    overlaps = [r for r in rows if r[5] == "overlapping_interval"]
    kept = [r for r in overlaps if r[0] not in nights.tonight and r[0] != nights.history_file]
    affected = [r for r in overlaps if r[0] in nights.tonight or r[0] == nights.history_file]
    assert kept and all(r[7].startswith(MARK) for r in kept)
    assert affected and not any(r[7].startswith(MARK) for r in affected)
