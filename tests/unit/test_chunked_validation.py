"""A backfill is validated a few days at a time, within a row budget: the chunks' results
combine into the result the whole range would give, without one frame of every row."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

import great_expectations.expectations as gxe
import pandas as pd
import pytest

from orchestration.defs.quality.checks import validate_by_date
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.chunks import (
    CHUNK_ROWS_ENV,
    DEFAULT_CHUNK_ROWS,
    chunk_rows,
    row_budget_spans,
)
from orchestration.lib.duck import connect
from orchestration.lib.quality import ExpectationSpec, SuiteSpec, combine_results, run_suite

SUITE = SuiteSpec(
    "chunked",
    (
        ExpectationSpec(
            "channel_in_set",
            gxe.ExpectColumnValuesToBeInSet,
            {"column": "channel", "value_set": ["voice", "chat"]},
            "channels of the contract",
        ),
        ExpectationSpec(
            "offered_not_null",
            gxe.ExpectColumnValuesToNotBeNull,
            {"column": "offered"},
            "a count is never null",
            is_blocking=False,
        ),
    ),
)


def test_a_range_is_cut_into_whole_days_within_the_row_budget() -> None:
    rows = [(date(2026, 1, d), n) for d, n in [(1, 40), (2, 50), (3, 20), (5, 90), (6, 5)]]
    # 40+50 fit in 100; +20 would not. Jan 4 has no rows; 20+90 would not fit either.
    assert row_budget_spans(date(2026, 1, 1), date(2026, 1, 6), rows, 100) == [
        (date(2026, 1, 1), date(2026, 1, 2)),
        (date(2026, 1, 3), date(2026, 1, 3)),
        (date(2026, 1, 5), date(2026, 1, 6)),
    ]


def test_a_day_over_the_budget_is_its_own_span_and_never_split() -> None:
    rows = [(date(2026, 1, 2), 30), (date(2026, 1, 1), 500), (date(2026, 1, 3), 30)]
    assert row_budget_spans(date(2026, 1, 1), date(2026, 1, 3), rows, 100) == [
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 1, 2), date(2026, 1, 3)),
    ]


def test_a_range_without_rows_is_still_validated_once() -> None:
    outside = [(date(2025, 12, 31), 7)]
    assert row_budget_spans(date(2026, 1, 1), date(2026, 1, 9), outside, 100) == [
        (date(2026, 1, 1), date(2026, 1, 9))
    ]


def test_the_row_budget_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHUNK_ROWS_ENV, raising=False)
    assert chunk_rows() == DEFAULT_CHUNK_ROWS
    monkeypatch.setenv(CHUNK_ROWS_ENV, "5000")
    assert chunk_rows() == 5000
    monkeypatch.setenv(CHUNK_ROWS_ENV, "lots")
    with pytest.raises(ValueError, match="CALLSCOPE_GX_CHUNK_ROWS must be a whole number"):
        chunk_rows()


def test_chunk_results_combine_like_the_whole_frame() -> None:
    january = pd.DataFrame({"channel": ["voice", "chat"], "offered": [3, 4]})
    february = pd.DataFrame({"channel": ["fax", "voice", "pigeon"], "offered": [1, None, 2]})
    combined = combine_results([run_suite(SUITE, january), run_suite(SUITE, february)])
    whole = run_suite(SUITE, pd.concat([january, february], ignore_index=True))

    assert (combined.success, combined.row_count) == (False, 5)
    assert (whole.success, whole.row_count) == (False, 5)
    for name in ("channel_in_set", "offered_not_null"):
        mine, theirs = combined.outcome(name), whole.outcome(name)
        assert (mine.success, mine.unexpected_count) == (theirs.success, theirs.unexpected_count)
    assert combined.outcome("channel_in_set").unexpected_count == 2
    assert set(combined.outcome("channel_in_set").unexpected_examples) == {"fax", "pigeon"}
    assert combined.outcome("offered_not_null").unexpected_count == 1
    assert combined.is_blocked  # the blocking channel expectation failed


def test_passing_chunks_combine_to_a_pass() -> None:
    chunk = pd.DataFrame({"channel": ["voice"], "offered": [1]})
    combined = combine_results([run_suite(SUITE, chunk), run_suite(SUITE, chunk)])
    assert (combined.success, combined.row_count, combined.failures) == (True, 2, ())


def test_a_range_is_validated_in_frames_within_the_row_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = WarehouseResource(landing_dir=str(tmp_path), data_dir=str(tmp_path))
    db = warehouse.paths().warehouse_path
    db.parent.mkdir(parents=True)
    with closing(connect(db)) as con:
        con.execute("create table facts (local_date date, channel varchar, offered integer)")
        con.execute(
            "insert into facts values"
            " ('2026-01-01', 'voice', 1), ('2026-01-01', 'chat', 2),"
            " ('2026-01-02', 'fax', 3), ('2026-01-03', 'voice', null),"
            " ('2026-01-09', 'pigeon', 4)"  # outside the range: never read
        )
    monkeypatch.setenv(CHUNK_ROWS_ENV, "2")
    said: list[str] = []

    result = validate_by_date(
        warehouse, SUITE, "facts", "local_date", date(2026, 1, 1), date(2026, 1, 3), said.append
    )

    assert said == [
        "chunked: facts 2026-01-01..2026-01-01, 2 rows, chunk 1/2",
        "chunked: facts 2026-01-02..2026-01-03, 2 rows, chunk 2/2",
    ]
    assert result.row_count == 4
    assert result.outcome("channel_in_set").unexpected_count == 1  # fax; pigeon is not in range
    assert result.outcome("offered_not_null").unexpected_count == 1
