"""The GX suites of expectations/ on small hand-built frames: good passes, each bad row fails
exactly the expectation written for it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest

from expectations import SUITES
from expectations.acd_contacts_raw import SUITE as RAW_SUITE
from expectations.kpi_queue_daily import SUITE as KPI_SUITE
from expectations.mart_contracts import MART_CONTRACT_SUITES
from orchestration.lib.contract import EXTRACTS
from orchestration.lib.duck import connect
from orchestration.lib.quality import (
    ExpectationSpec,
    SuiteDefinitionError,
    SuiteResult,
    SuiteSpec,
    exception_message,
    read_frame,
    run_suite,
    run_suite_sql,
)
from orchestration.lib.raw_layer import ensure_raw_tables
from tests.unit.conftest import Validate

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
    frame["_first_loaded_at"] = frame["_loaded_at"]
    return frame


def assert_clean(result: SuiteResult) -> None:
    # Every expectation ran (no exception_info) and passed.
    assert [o.name for o in result.outcomes if o.exception_message is not None] == []
    assert [o.name for o in result.outcomes if not o.success] == []
    assert result.success and not result.is_blocked


def failed(result: SuiteResult) -> list[str]:
    return [o.name for o in result.failures]


def test_suites_are_registered_and_every_expectation_documents_itself() -> None:
    marts = {
        "kpi_queue_daily",
        "kpi_queue_interval",
        "fct_contact_segments",
        "dim_queues",
        "dq_reconciliation",
        "dq_quarantine",
    }
    assert set(SUITES) == {f"{name}_raw" for name in EXTRACTS} | marts | set(MART_CONTRACT_SUITES)
    for suite in SUITES.values():
        for spec in suite.expectations:
            assert spec.reason and spec.build().meta["is_blocking"] is spec.is_blocking


def test_a_suite_gx_cannot_build_names_the_expectation() -> None:
    typo = SuiteSpec("s", (ExpectationSpec("typo", "ExpectColumnToExists", {"column": "a"}, "r"),))
    with pytest.raises(
        SuiteDefinitionError,
        match="expectation 'typo': Great Expectations has no 'ExpectColumnToExists'",
    ):
        typo.build()
    bad_kwargs = SuiteSpec(
        "s", (ExpectationSpec("bad", "ExpectColumnToExist", {"colum": "a"}, "r"),)
    )
    with pytest.raises(
        SuiteDefinitionError, match="expectation 'bad': 2 validation errors for ExpectColumnToExist"
    ):
        bad_kwargs.build()


def test_loading_the_definitions_does_not_import_great_expectations() -> None:
    # GX costs seconds to import; the definitions only name the suites (imported when they run)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, orchestration.definitions;"
         " print('great_expectations' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout.strip() == "False"


def test_good_kpi_frame_passes(validate: Validate) -> None:
    result = validate(KPI_SUITE, kpi_frame())
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
    mutate: Callable[[pd.DataFrame], pd.DataFrame],
    expected: str,
    validate: Validate,
) -> None:
    result = validate(KPI_SUITE, mutate(kpi_frame()))
    assert failed(result) == [expected]
    outcome = result.outcome(expected)
    assert outcome.exception_message is None
    assert outcome.unexpected_count in (1, 2)  # one bad row; a duplicate key flags both rows
    assert result.is_blocked and not result.success


def test_kpi_failure_reports_examples(validate: Validate) -> None:
    result = validate(KPI_SUITE, _set(0, service_level=1.2)(kpi_frame()))
    outcome = result.outcome("service_level_between_0_and_1")
    assert outcome.unexpected_examples == (1.2,)
    assert outcome.columns == ("service_level",)
    assert result.summary()["failed"] == ["service_level_between_0_and_1"]


def test_missing_column_is_a_failure_with_its_message_not_a_pass(validate: Validate) -> None:
    result = validate(KPI_SUITE, kpi_frame().drop(columns=["abandon_rate"]))
    # The contract check fails, and the expectation on the column raised inside GX.
    assert failed(result) == ["columns_present", "abandon_rate_between_0_and_1"]
    raised = result.outcome("abandon_rate_between_0_and_1")
    assert raised.exception_message is not None and "abandon_rate" in raised.exception_message
    assert result.is_blocked


def test_missing_component_surfaces_on_the_helper_column(validate: Validate) -> None:
    result = validate(KPI_SUITE, kpi_frame().drop(columns=["timed_out"]))
    assert "settled_le_offered" in failed(result)
    assert result.outcome("settled_le_offered").exception_message is not None


def test_good_raw_frame_passes(validate: Validate) -> None:
    result = validate(RAW_SUITE, raw_frame())
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
    result = run_suite_sql(RAW_SUITE, db, "select * from raw.acd_contacts")
    assert_clean(result)
    assert result.row_count == 0


# Contract rules on values only warn: the dbt rule checks quarantine such rows (dq_quarantine)
# and the quarantine share check blocks; ingest invariants block.
RAW_BAD = [
    ("null_contact_id", _set(0, contact_id=None), "contact_id_not_null", False),
    ("null_updated_at", _set(2, updated_at=None), "updated_at_not_null", False),
    ("bad_channel", _set(0, channel="fax"), "channel_in_set", False),
    ("bad_direction", _set(1, direction="sideways"), "direction_in_set", False),
    ("bad_end_reason", _set(1, end_reason="hung_up"), "end_reason_in_set", False),
    ("negative_talk", _set(0, talk_seconds="-5"), "talk_seconds_non_negative_integer", False),
    ("fractional_hold", _set(0, hold_seconds="1.5"), "hold_seconds_non_negative_integer", False),
    # 90000 s = 25 h, not below 24 h
    ("acw_25_hours", _set(0, acw_seconds="90000"), "acw_seconds_below_24h", False),
    ("bad_timestamp", _set(2, updated_at="yesterday"), "updated_at_iso_timestamp", False),
    ("date_only", _set(0, queued_at="2026-03-02"), "queued_at_iso_timestamp", False),
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
    mutate: Callable[[pd.DataFrame], pd.DataFrame],
    expected: str,
    blocks: bool,
    validate: Validate,
) -> None:
    result = validate(RAW_SUITE, mutate(raw_frame()))
    assert failed(result) == [expected]
    assert result.outcome(expected).exception_message is None
    assert not result.success
    assert result.is_blocked is blocks


def test_raw_failure_counts_and_examples(validate: Validate) -> None:
    frame = _set(0, channel="fax")(_set(2, channel="sms")(raw_frame()))
    outcome = validate(RAW_SUITE, frame).outcome("channel_in_set")
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


def survey_frame() -> pd.DataFrame:
    """Two responses of one file, as landed (text), with lineage."""
    base = {c: None for c in EXTRACTS["survey_responses"].column_names}
    rows = [
        {
            **base,
            "response_id": "r1",
            "csat": "5",
            "emotion": "positive",
            "updated_at": "2026-03-02T09:00:00Z",
        },
        {
            **base,
            "response_id": "r2",
            "csat": "1",
            "emotion": " Negative ",
            "updated_at": "2026-03-02T09:05:00+01:00",
        },
    ]
    frame = pd.DataFrame(rows)
    frame["_file"] = "survey_responses/survey_responses_2026-03-02.csv"
    frame["_file_seq"] = 0
    frame["_line"] = [2, 3]
    frame["_partition_date"] = date(2026, 3, 2)
    frame["_loaded_at"] = pd.Timestamp("2026-03-03T01:00:00Z")
    frame["_first_loaded_at"] = frame["_loaded_at"]
    return frame


SURVEY_BAD = [
    ("csat_as_text", _set(0, csat="good"), "csat_is_integer", False),
    ("emotion_outside_set", _set(1, emotion="happy"), "emotion_in_set", False),
    ("response_id_missing", _set(1, response_id=None), "response_id_not_null", False),
    # r1 twice with the same updated_at in one file: quarantined as duplicate_key_in_file
    (
        "same_version_twice",
        _set(1, response_id="r1", updated_at="2026-03-02T09:00:00Z"),
        "key_version_unique_in_file",
        False,
    ),
    ("line_loaded_twice", _set(1, _line=2), "file_line_unique", True),
    ("no_partition", _set(0, _partition_date=None), "_partition_date_not_null", True),
]


def test_generic_raw_suite_passes_a_good_partition(validate: Validate) -> None:
    # ' Negative ' passes: enumerations are compared trimmed and lower-cased, as staging does
    assert_clean(validate(SUITES["survey_responses_raw"], survey_frame()))


@pytest.mark.parametrize(
    ("mutate", "expected", "blocks"), [c[1:] for c in SURVEY_BAD], ids=[c[0] for c in SURVEY_BAD]
)
def test_generic_raw_suite_warns_on_contract_rules_and_blocks_on_ingest_invariants(
    mutate: Callable[[pd.DataFrame], pd.DataFrame],
    expected: str,
    blocks: bool,
    validate: Validate,
) -> None:
    result = validate(SUITES["survey_responses_raw"], mutate(survey_frame()))
    assert failed(result) == [expected]
    assert result.is_blocked is blocks


def segment_frame() -> pd.DataFrame:
    """An answered segment within SL and a short abandon, both in a known queue."""
    answered = {
        "contact_id": "c1",
        "initial_contact_id": "c1",
        "previous_contact_id": None,
        "channel": "voice",
        "queue_id": "Q01",
        "customer_id": "CU1",
        "ani_hash": "ab12",
        "agent_id": "AG001",
        "arrived_at": pd.Timestamp("2026-03-02T08:14:00Z"),
        "queued_at": pd.Timestamp("2026-03-02T08:15:00Z"),
        "answered_at": pd.Timestamp("2026-03-02T08:15:10Z"),
        "ended_at": pd.Timestamp("2026-03-02T08:20:00Z"),
        "end_reason": "completed",
        "transfer_to_queue_id": None,
        "wrap_code": "sale",
        "case_id": None,
        "talk_seconds": 280,
        "hold_seconds": 0,
        "acw_seconds": 20,
        "handle_seconds": 300,  # 280 + 0 + 20
        "wait_seconds": 10.0,  # answered 10 s after queued
        "is_answered": True,
        "is_abandoned": False,
        "is_timed_out": False,
        "is_short_abandoned": False,
        "is_answered_within_sl": True,
        "is_abandoned_within_sl": False,
        "is_answered_within_first_response": True,
        "is_transferred": False,
        "queue_version_number": 1,
        "queue_timezone": "Europe/Berlin",
        "sl_threshold_seconds": 20,
        "sl_target_pct": 80.0,
        "short_abandon_seconds": 5,
        "local_date": date(2026, 3, 2),
        "interval_start_local": pd.Timestamp("2026-03-02T09:00:00"),
        "interval_start_at": pd.Timestamp("2026-03-02T08:00:00Z"),
    }
    abandoned = {
        **answered,
        "contact_id": "c2",
        "initial_contact_id": "c2",
        "agent_id": None,
        "answered_at": None,
        "ended_at": pd.Timestamp("2026-03-02T08:15:03Z"),
        "end_reason": "abandoned",
        "talk_seconds": None,
        "acw_seconds": None,
        "hold_seconds": None,
        "handle_seconds": None,
        "wait_seconds": 3.0,  # left after 3 s, below short_abandon_seconds 5
        "is_answered": False,
        "is_abandoned": True,
        "is_short_abandoned": True,
        "is_answered_within_sl": False,
        "is_abandoned_within_sl": True,
        "is_answered_within_first_response": False,
    }
    return pd.DataFrame([answered, abandoned])


SEGMENT_BAD = [
    ("contact_twice", _set(1, contact_id="c1"), "contact_id_unique", True),
    ("negative_wait", _set(0, wait_seconds=-1.0), "wait_seconds_non_negative", True),
    (
        "short_abandon_not_abandoned",
        _set(0, is_short_abandoned=True),
        "is_short_abandoned_implies_is_abandoned",
        True,
    ),
    ("answered_and_abandoned", _set(0, is_abandoned=True), "one_outcome_at_most", True),
    ("no_local_date", _set(0, local_date=None), "local_date_not_null", True),
    ("unknown_queue", _set(1, queue_version_number=None), "queue_known_in_acd_queues", False),
]


def test_good_segments_pass(validate: Validate) -> None:
    assert_clean(validate(SUITES["fct_contact_segments"], segment_frame()))


@pytest.mark.parametrize(
    ("mutate", "expected", "blocks"), [c[1:] for c in SEGMENT_BAD], ids=[c[0] for c in SEGMENT_BAD]
)
def test_bad_segments_fail_exactly_one_expectation(
    mutate: Callable[[pd.DataFrame], pd.DataFrame],
    expected: str,
    blocks: bool,
    validate: Validate,
) -> None:
    result = validate(SUITES["fct_contact_segments"], mutate(segment_frame()))
    assert failed(result) == [expected]
    assert result.is_blocked is blocks


def queue_frame() -> pd.DataFrame:
    """Q01 with two settings versions (the second current), Q02 with one."""
    rows = [
        ("Q01", 1, "Europe/Berlin", 20, 80.0, 5, False),
        ("Q01", 2, "Europe/Berlin", 30, 80.0, 5, True),
        ("Q02", 1, "Asia/Tehran", 30, 90.0, 5, True),
    ]
    columns = [
        "queue_id",
        "version_number",
        "timezone",
        "sl_threshold_seconds",
        "sl_target_pct",
        "short_abandon_seconds",
        "is_current",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("queue_name", "channel", "purpose", "valid_from_at", "valid_to_at"):
        frame[column] = None
    frame["updated_at"] = pd.Timestamp("2026-03-01T00:00:00Z")
    return frame


DIM_QUEUES_BAD = [
    ("two_current_versions", _set(0, is_current=True), "one_current_version_per_queue"),
    ("no_current_version", _set(2, is_current=False), "one_current_version_per_queue"),
    ("unknown_timezone", _set(2, timezone="Mars/Olympus"), "timezone_is_iana"),
    ("target_above_100", _set(2, sl_target_pct=120.0), "sl_target_pct_is_percentage"),
    ("version_twice", _set(1, version_number=1), "queue_version_unique"),
]


def test_good_queue_versions_pass(validate: Validate) -> None:
    assert_clean(validate(SUITES["dim_queues"], queue_frame()))


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in DIM_QUEUES_BAD], ids=[c[0] for c in DIM_QUEUES_BAD]
)
def test_bad_queue_versions_block(
    mutate: Callable[[pd.DataFrame], pd.DataFrame],
    expected: str,
    validate: Validate,
) -> None:
    result = validate(SUITES["dim_queues"], mutate(queue_frame()))
    assert failed(result) == [expected]
    assert result.is_blocked


def reconciliation_frame() -> pd.DataFrame:
    # 10 landed = 7 staged + 2 duplicates + 1 quarantined; share 1 / 10
    return pd.DataFrame(
        [
            {
                "extract": "acd_contacts",
                "partition_date": date(2026, 3, 2),
                "files": 2,
                "landed": 10,
                "staged": 7,
                "duplicates": 2,
                "quarantined": 1,
                "quarantined_unresolved": 1,
                "quarantine_share": 0.1,
                "unresolved_quarantine_share": 0.1,
            },
            {
                "extract": "acd_queues",
                "partition_date": date(2026, 3, 2),
                "files": 1,
                "landed": 4,
                "staged": 4,
                "duplicates": 0,
                "quarantined": 0,
                "quarantined_unresolved": 0,
                "quarantine_share": 0.0,
                "unresolved_quarantine_share": 0.0,
            },
        ]
    )


RECONCILIATION_BAD = [
    ("row_lost", _set(0, staged=6), "landed_eq_staged_duplicates_quarantined"),
    ("row_counted_twice", _set(1, duplicates=1), "landed_eq_staged_duplicates_quarantined"),
    ("share_above_1", _set(0, quarantine_share=1.5), "quarantine_share_between_0_and_1"),
    ("unknown_extract", _set(1, extract="acd_calls"), "extract_in_contract"),
    (
        "more_unresolved_than_quarantined",
        _set(1, quarantined_unresolved=1),
        "unresolved_le_quarantined",
    ),
    ("partition_twice", _set(1, extract="acd_contacts"), "extract_partition_unique"),
]


def test_balanced_reconciliation_passes(validate: Validate) -> None:
    assert_clean(validate(SUITES["dq_reconciliation"], reconciliation_frame()))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [c[1:] for c in RECONCILIATION_BAD],
    ids=[c[0] for c in RECONCILIATION_BAD],
)
def test_unbalanced_reconciliation_blocks(
    mutate: Callable[[pd.DataFrame], pd.DataFrame],
    expected: str,
    validate: Validate,
) -> None:
    result = validate(SUITES["dq_reconciliation"], mutate(reconciliation_frame()))
    assert failed(result) == [expected]
    assert result.is_blocked


def quarantine_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "extract": "survey_responses",
                "partition_date": date(2026, 3, 2),
                "file": "survey_responses/survey_responses_2026-03-02.csv",
                "line": 7,
                "key": "r7",
                "rule": "not_integer",
                "column_name": "csat",
                "is_resolved": False,
                "reason": "survey_responses: csat 'good' is not an integer"
                " (rule: csat is an integer)",
                "loaded_at": pd.Timestamp("2026-03-03T01:00:00Z"),
            }
        ]
    )


def test_quarantine_suite_requires_an_explained_row(validate: Validate) -> None:
    assert_clean(validate(SUITES["dq_quarantine"], quarantine_frame()))
    result = validate(SUITES["dq_quarantine"], _set(0, reason="bad")(quarantine_frame()))
    assert failed(result) == ["reason_names_extract"]
    assert result.is_blocked
    result = validate(SUITES["dq_quarantine"], _set(0, line=None)(quarantine_frame()))
    assert failed(result) == ["line_not_null"] and result.is_blocked


def interval_frame() -> pd.DataFrame:
    """kpi_frame's two queue-days as two intervals of one day (09:00 and 09:30 local)."""
    frame = kpi_frame()
    frame["local_date"] = date(2026, 3, 2)
    frame["interval_start_local"] = [
        pd.Timestamp("2026-03-02T09:00"),
        pd.Timestamp("2026-03-02T09:30"),
    ]
    frame["interval_start_at"] = [
        pd.Timestamp("2026-03-02T08:00Z"),
        pd.Timestamp("2026-03-02T08:30Z"),
    ]
    return frame


def test_queue_interval_suite_checks_the_interval_grain(validate: Validate) -> None:
    suite = SUITES["kpi_queue_interval"]
    assert_clean(validate(suite, interval_frame()))
    # a fall-back day: the same local label twice, an hour apart in UTC, is two intervals
    fall_back = _set(1, interval_start_local=pd.Timestamp("2026-03-02T09:00"))(interval_frame())
    assert_clean(validate(suite, fall_back))
    same_instant = _set(1, interval_start_at=pd.Timestamp("2026-03-02T08:00Z"))(interval_frame())
    result = validate(suite, same_instant)
    assert failed(result) == ["queue_interval_start_at_unique"] and result.is_blocked
    twice = _set(1, interval_start_local=pd.Timestamp("2026-03-02T09:00"))(same_instant)
    result = validate(suite, twice)
    assert failed(result) == ["queue_interval_unique", "queue_interval_start_at_unique"]
    result = validate(suite, _set(0, interval_start_at=None)(interval_frame()))
    assert "interval_start_at_not_null" in failed(result)
    # 1.2 is no ratio: the shared queue KPI rules apply to intervals too
    result = validate(suite, _set(0, answer_rate=1.2)(interval_frame()))
    assert failed(result) == ["answer_rate_between_0_and_1"]
