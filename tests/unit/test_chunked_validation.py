"""A backfill is validated a month at a time: the chunks' results combine into the result the
whole range would give, without one frame of every row."""

from __future__ import annotations

from datetime import date

import great_expectations.expectations as gxe
import pandas as pd

from orchestration.defs.quality.checks import date_chunks
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


def test_a_range_is_cut_into_consecutive_spans() -> None:
    assert date_chunks(date(2026, 1, 1), date(2026, 3, 5), 31) == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 3, 3)),
        (date(2026, 3, 4), date(2026, 3, 5)),
    ]
    assert date_chunks(date(2026, 1, 1), date(2026, 1, 1), 31) == [
        (date(2026, 1, 1), date(2026, 1, 1))
    ]


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
