"""The GX suites of expectations/ on small hand-built frames: good passes, each bad row fails
exactly the expectation written for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest

from expectations import SUITES
from expectations.acd_contacts_raw import SUITE as RAW_SUITE
from expectations.kpi_queue_daily import SUITE as KPI_SUITE
from orchestration.lib.contract import EXTRACTS
from orchestration.lib.duck import connect
from orchestration.lib.quality import (
    SuiteResult,
    exception_message,
    read_frame,
    run_suite,
)
from orchestration.lib.raw_layer import ensure_raw_tables

NAN = float("nan")


def kpi_frame() -> pd.DataFrame:
    """Two queue-days: a busy one and an empty one (zero counts, null ratios)."""
    busy = {
        "queue_id": "q_sales",
        "local_date": date(2026, 3, 2),
        "offered": 10,
        "answered": 7,
        "abandoned": 2,
        "short_abandoned": 1,
        "timed_out": 1,
        "answered_within_sl": 6,
        "abandoned_within_sl": 1,
        "transferred": 1,
        "handled": 7,
        "wait_seconds_answered": 70.0,
        "wait_seconds_abandoned": 30.0,
        "talk_seconds": 700.0,
        "hold_seconds": 70.0,
        "acw_seconds": 140.0,
        "service_level": 6 / 9,  # answered_within_sl / (offered - short_abandoned)
        "sl_offered_excl_short_abandons": 6 / 9,
        "sl_answered_only": 6 / 7,  # 6 within SL of 7 answered
        "sl_abandons_neutral": 6 / 9,  # 6 / (10 - 1 abandoned within SL)
        "sl_abandons_positive": 7 / 10,  # (6 + 1) / 10
        "first_response_rate": 6 / 9,
        "answer_rate": 0.7,  # 7 / 10
        "abandon_rate": 1 / 9,  # (2 - 1) / (10 - 1)
        "transfer_rate": 1 / 7,
        "asa_seconds": 10.0,  # 70 / 7
        "avg_wait_seconds": 100 / 9,  # (70 + 30) / (7 + 2)
        "avg_time_to_abandon_seconds": 15.0,  # 30 / 2
        "aht_seconds": 130.0,  # (700 + 70 + 140) / 7
        "avg_talk_seconds": 100.0,
        "avg_hold_seconds": 10.0,
        "avg_acw_seconds": 20.0,
        "max_wait_seconds": 40.0,
    }
    empty = {k: (0 if isinstance(v, int) else NAN) for k, v in busy.items()}
    empty.update(queue_id="q_sales", local_date=date(2026, 3, 3))
    empty.update(wait_seconds_answered=0.0, wait_seconds_abandoned=0.0)
    empty.update(talk_seconds=0.0, hold_seconds=0.0, acw_seconds=0.0)
    return pd.DataFrame([busy, empty])


def raw_frame() -> pd.DataFrame:
    """Three segments from the first file, and c2 re-delivered in a second file."""
    base = {c: None for c in EXTRACTS["acd_contacts"].column_names}
    first = "acd_contacts/acd_contacts_2026-03-02.csv"
    second = "acd_contacts/acd_contacts_2026-03-02_1.csv"
    rows = [
        {
            **base,
            "contact_id": "c1",
            "initial_contact_id": "c1",
            "channel": "voice",
            "direction": "inbound",
            "queue_id": "q_sales",
            "queued_at": "2026-03-02T08:15:03+03:30",
            "answered_at": "2026-03-02T08:15:20+03:30",
            "ended_at": "2026-03-02T08:20:00+03:30",
            "talk_seconds": "250",
            "hold_seconds": "0",
            "acw_seconds": "30",
            "end_reason": "completed",
            "updated_at": "2026-03-02T05:00:00Z",
            "_file": first,
            "_line": 2,
        },
        {
            **base,
            "contact_id": "c2",
            "channel": "chat",
            "direction": "inbound",
            "queued_at": "2026-03-02 09:00:00+00",
            "ended_at": "2026-03-02 09:00:04+00",
            "end_reason": "abandoned",
            "updated_at": "2026-03-02 09:00:05",
            "_file": first,
            "_line": 3,
        },
        {
            **base,
            "contact_id": "c3",
            "channel": "email",
            "direction": "outbound",
            "end_reason": "transferred",
            "updated_at": "2026-03-02T10:00:00.123+0330",
            "_file": first,
            "_line": 4,
        },
        {
            **base,
            "contact_id": "c2",
            "channel": "chat",
            "direction": "inbound",
            "end_reason": "abandoned",
            "updated_at": "2026-03-02T11:00:00Z",
            "_file": second,
            "_line": 2,
        },
    ]
    frame = pd.DataFrame(rows)
    frame["_file_seq"] = [0, 0, 0, 1]
    frame["_partition_date"] = date(2026, 3, 2)
    frame["_loaded_at"] = pd.Timestamp("2026-03-03T01:00:00Z")
    return frame


def assert_clean(result: SuiteResult) -> None:
    # Every expectation ran (no exception_info) and passed.
    assert [o.name for o in result.outcomes if o.exception_message is not None] == []
    assert [o.name for o in result.outcomes if not o.success] == []
    assert result.success and not result.is_blocked


def failed(result: SuiteResult) -> list[str]:
    return [o.name for o in result.failures]


def test_suites_are_registered_and_every_expectation_documents_itself() -> None:
    assert set(SUITES) == {"acd_contacts_raw", "kpi_queue_daily"}
    for suite in SUITES.values():
        for spec in suite.expectations:
            assert spec.reason and spec.build().meta["is_blocking"] is spec.is_blocking


def test_good_kpi_frame_passes() -> None:
    result = run_suite(KPI_SUITE, kpi_frame())
    assert_clean(result)
    assert len(result.outcomes) == len(KPI_SUITE.expectations)
    assert result.row_count == 2


def _set(row: int, **values: object) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def mutate(df: pd.DataFrame) -> pd.DataFrame:
        for column, value in values.items():
            if value is None:  # a null in an int64 column needs a column that can hold one
                df[column] = df[column].astype(object)
            df.at[row, column] = value
        return df

    return mutate


KPI_BAD = [
    ("ratio_above_1", _set(0, service_level=1.2), "service_level_between_0_and_1"),
    ("negative_ratio", _set(0, answer_rate=-0.1), "answer_rate_between_0_and_1"),
    ("duplicate_key", _set(1, local_date=date(2026, 3, 2)), "queue_day_unique"),
    ("null_queue_id", _set(1, queue_id=None), "queue_id_not_null"),
    ("null_local_date", _set(1, local_date=None), "local_date_not_null"),
    ("null_count", _set(1, offered=None), "offered_not_null"),
    ("negative_talk", _set(0, talk_seconds=-5.0), "talk_seconds_non_negative"),
    ("negative_aht", _set(0, aht_seconds=-1.0), "aht_seconds_non_negative"),
    # 7 answered + 2 abandoned + 1 timed out = 10 > 9 offered
    ("outcomes_exceed_offered", _set(0, offered=9), "settled_le_offered"),
    ("short_abandoned_gt_abandoned", _set(0, short_abandoned=3), "short_abandoned_le_abandoned"),
    ("answered_sl_gt_answered", _set(0, answered_within_sl=8), "answered_within_sl_le_answered"),
    (
        "abandoned_sl_gt_abandoned",
        _set(0, abandoned_within_sl=3),
        "abandoned_within_sl_le_abandoned",
    ),
    ("transferred_gt_answered", _set(0, transferred=8), "transferred_le_answered"),
    ("handled_ne_answered", _set(0, handled=6), "handled_eq_answered"),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in KPI_BAD], ids=[c[0] for c in KPI_BAD]
)
def test_bad_kpi_frame_fails_exactly_one_expectation(
    mutate: Callable[[pd.DataFrame], pd.DataFrame], expected: str
) -> None:
    result = run_suite(KPI_SUITE, mutate(kpi_frame()))
    assert failed(result) == [expected]
    outcome = result.outcome(expected)
    assert outcome.exception_message is None
    assert outcome.unexpected_count in (1, 2)  # one bad row; a duplicate key flags both rows
    assert result.is_blocked and not result.success


def test_kpi_failure_reports_examples() -> None:
    result = run_suite(KPI_SUITE, _set(0, service_level=1.2)(kpi_frame()))
    outcome = result.outcome("service_level_between_0_and_1")
    assert outcome.unexpected_examples == (1.2,)
    assert outcome.columns == ("service_level",)
    assert result.summary()["failed"] == ["service_level_between_0_and_1"]


def test_missing_column_is_a_failure_with_its_message_not_a_pass() -> None:
    result = run_suite(KPI_SUITE, kpi_frame().drop(columns=["abandon_rate"]))
    # The contract check fails, and the expectation on the column raised inside GX.
    assert failed(result) == ["columns_present", "abandon_rate_between_0_and_1"]
    raised = result.outcome("abandon_rate_between_0_and_1")
    assert raised.exception_message is not None and "abandon_rate" in raised.exception_message
    assert result.is_blocked


def test_missing_component_surfaces_on_the_helper_column() -> None:
    result = run_suite(KPI_SUITE, kpi_frame().drop(columns=["timed_out"]))
    assert "settled_le_offered" in failed(result)
    assert result.outcome("settled_le_offered").exception_message is not None


def test_good_raw_frame_passes() -> None:
    result = run_suite(RAW_SUITE, raw_frame())
    assert_clean(result)
    assert result.row_count == 4


def test_raw_partition_read_from_duckdb_passes(tmp_path) -> None:
    db = tmp_path / "build.duckdb"
    con = connect(db)
    ensure_raw_tables(con)
    con.register("landed", raw_frame())
    con.execute("insert into raw.acd_contacts by name select * from landed")
    con.close()
    frame = read_frame(
        db, "select * from raw.acd_contacts where _partition_date = ?", [date(2026, 3, 2)]
    )
    assert len(frame) == 4
    assert_clean(run_suite(RAW_SUITE, frame))


def test_empty_raw_partition_passes(tmp_path) -> None:
    db = tmp_path / "build.duckdb"
    con = connect(db)
    ensure_raw_tables(con)
    con.close()
    frame = read_frame(db, "select * from raw.acd_contacts")
    assert_clean(run_suite(RAW_SUITE, frame))


RAW_BAD = [
    ("null_contact_id", _set(0, contact_id=None), "contact_id_not_null", True),
    ("null_updated_at", _set(2, updated_at=None), "updated_at_not_null", True),
    ("bad_channel", _set(0, channel="fax"), "channel_in_set", True),
    ("bad_direction", _set(1, direction="sideways"), "direction_in_set", True),
    ("bad_end_reason", _set(1, end_reason="hung_up"), "end_reason_in_set", True),
    ("negative_talk", _set(0, talk_seconds="-5"), "talk_seconds_non_negative_integer", True),
    ("fractional_hold", _set(0, hold_seconds="1.5"), "hold_seconds_non_negative_integer", True),
    # 90000 s = 25 h, not below 24 h
    ("acw_25_hours", _set(0, acw_seconds="90000"), "acw_seconds_below_24h", True),
    ("bad_timestamp", _set(2, updated_at="yesterday"), "updated_at_iso_timestamp", True),
    ("date_only", _set(0, queued_at="2026-03-02"), "queued_at_iso_timestamp", True),
    # c1 twice in the first file (lines 2 and 3)
    ("key_twice_in_file", _set(1, contact_id="c1"), "contact_id_file_unique", False),
    # line 2 of the first file loaded twice
    ("line_twice", _set(1, _line=2), "file_line_unique", True),
    ("null_line", _set(3, _line=None), "_line_not_null", True),
    ("null_file", _set(3, _file=None), "_file_not_null", True),
]


@pytest.mark.parametrize(
    ("mutate", "expected", "blocks"), [c[1:] for c in RAW_BAD], ids=[c[0] for c in RAW_BAD]
)
def test_bad_raw_frame_fails_exactly_one_expectation(
    mutate: Callable[[pd.DataFrame], pd.DataFrame], expected: str, blocks: bool
) -> None:
    result = run_suite(RAW_SUITE, mutate(raw_frame()))
    assert failed(result) == [expected]
    assert result.outcome(expected).exception_message is None
    assert not result.success
    # Every rule blocks but a key repeated in one file, which staging resolves (later line wins).
    assert result.is_blocked is blocks


def test_raw_failure_counts_and_examples() -> None:
    frame = _set(0, channel="fax")(_set(2, channel="sms")(raw_frame()))
    outcome = run_suite(RAW_SUITE, frame).outcome("channel_in_set")
    assert outcome.unexpected_count == 2  # rows 0 and 2
    assert sorted(outcome.unexpected_examples) == ["fax", "sms"]


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (None, None),
        ({}, None),
        ({"raised_exception": False, "exception_message": None}, None),
        ({"raised_exception": True, "exception_message": "boom"}, "boom"),
        (
            {"metric-1": {"raised_exception": True, "exception_message": "no column x"}},
            "no column x",
        ),
        (
            {"metric-1": {"raised_exception": True, "exception_message": None}},
            "raised without a message",
        ),
    ],
)
def test_exception_message_reads_both_gx_shapes(info: dict | None, expected: str | None) -> None:
    assert exception_message(info) == expected
