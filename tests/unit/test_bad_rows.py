"""Row rules of sources.md: each bad row lands in dq_quarantine with its exact rule and reason,
never in staging; dq_reconciliation accounts for every landed row.

One small landing set is written by hand (one CSV file per case), ingested with the real ingest
and built once with `dbt build --select +dq_quarantine +dq_reconciliation` in a tmp database.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import re
import subprocess
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from expectations.contract_values import VALUE_SETS
from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.contract import EXTRACTS, TEXT
from orchestration.lib.dbt_env import dbt_executable
from orchestration.lib.duck import connect
from orchestration.lib.ingest import ingest_extract
from orchestration.lib.landing import landed_dates
from orchestration.lib.quarantine import (
    SHARE_ENV,
    QuarantineLimitError,
    max_quarantine_share,
    partitions_over_limit,
)
from orchestration.lib.raw_layer import ensure_raw_tables

SALT = "unit-test-salt-0123456789"
DAY = date(2026, 3, 2)
NEWEST = date(2026, 3, 29)  # the latest file date below (the DST case)
DBT_VARS = {"pii_salt": SALT, "source_timezones": {"wfm_schedules": "Europe/Berlin"}}

GOOD: dict[str, dict[str, str | None]] = {
    "acd_contacts": {
        "initial_contact_id": "c1",
        "previous_contact_id": None,
        "channel": "voice",
        "direction": "inbound",
        "queue_id": "Q01",
        "customer_id": "CU1",
        "ani": "+4915112345678",
        "arrived_at": "2026-03-02T08:14:00Z",
        "queued_at": "2026-03-02T08:15:00Z",
        "answered_at": "2026-03-02T08:15:20Z",
        "ended_at": "2026-03-02T08:20:00Z",
        "agent_id": "AG001",
        "talk_seconds": "240",
        "hold_seconds": "0",
        "acw_seconds": "30",
        "end_reason": "completed",
        "transfer_to_queue_id": None,
        "wrap_code": "sale",
        "case_id": None,
        "updated_at": "2026-03-02T08:21:00Z",
    },
    "acd_agent_states": {
        "state": "available",
        "reason_code": None,
        "started_at": "2026-03-02T08:00:00Z",
        "ended_at": "2026-03-02T08:30:00Z",
        "updated_at": "2026-03-02T09:00:00Z",
    },
    "acd_queues": {
        "queue_name": "Billing",
        "channel": "voice",
        "purpose": "service",
        "timezone": "Europe/Berlin",
        "sl_threshold_seconds": "20",
        "sl_target_pct": "80",
        "short_abandon_seconds": "5",
        "updated_at": "2026-03-01T00:00:00Z",
    },
    "crm_orders": {
        "customer_id": "CU1",
        "contact_id": None,
        "ordered_at": "2026-03-02T10:00:00Z",
        "order_type": "new_sale",
        "amount": "99.90",
        "currency": "EUR",
        "updated_at": "2026-03-02T10:00:00Z",
    },
    "survey_responses": {
        "contact_id": "c1",
        "customer_id": "CU1",
        "survey_type": "post_contact",
        "responded_at": "2026-03-02T09:00:00Z",
        "csat": "4",
        "nps": "9",
        "ces": "2",
        "resolved": "true",
        "emotion": "positive",
        "comment": "Quick help",
        "updated_at": "2026-03-02T09:00:00Z",
    },
    "interaction_analytics": {
        "topic": "billing",
        "sentiment_score": "0.5",
        "emotion": "positive",
        "silence_seconds": "12",
        "analyzed_at": "2026-03-02T10:00:00Z",
        "model_version": "v1",
    },
    "qa_evaluations": {
        "contact_id": "c1",
        "agent_id": "AG001",
        "evaluator_id": "EV1",
        "evaluated_at": "2026-03-02T10:00:00Z",
        "score": "80",
        "max_score": "100",
        "has_fatal_error": "false",
    },
    "hr_agents": {
        "full_name": "Kalo Minevi",
        "team_id": "T1",
        "site": "Leipzig",
        "primary_queue_id": "Q01",
        "hired_at": "2025-01-01",
        "terminated_at": None,
        "termination_type": None,
        "hourly_cost": "25.00",
        "updated_at": "2026-03-01T00:00:00Z",
    },
    "wfm_schedules": {
        "activity": "work",
        "starts_at": "2026-03-02T08:00:00Z",
        "ends_at": "2026-03-02T12:00:00Z",
        "updated_at": "2026-03-01T12:00:00Z",
    },
    "hr_absences": {
        "absence_date": "2026-03-02",
        "absence_type": "sick",
        "hours": "8",
        "is_approved": "true",
        "updated_at": "2026-03-02T07:00:00Z",
    },
    "finance_costs": {
        "cost_month": "2026-03",
        "category": "labour",
        "amount": "1000.00",
        "currency": "EUR",
    },
}

ORDER_RULE = "(rule: arrived_at <= queued_at <= answered_at <= ended_at where present)"
DURATION_RULE = "(rule: durations >= 0 and below 24 h)"
ABANDONED = {
    "answered_at": None,
    "agent_id": None,
    "talk_seconds": None,
    "hold_seconds": None,
    "acw_seconds": None,
    "wrap_code": None,
    "end_reason": "abandoned",
    "ended_at": "2026-03-02T08:16:00Z",
}
STALE = {  # a contact of 2024-01-01, so only the file's age is wrong
    "arrived_at": "2024-01-01T08:14:00Z",
    "queued_at": "2024-01-01T08:15:00Z",
    "answered_at": "2024-01-01T08:15:20Z",
    "ended_at": "2024-01-01T08:20:00Z",
    "updated_at": "2024-01-01T08:21:00Z",
}
FREE_TEXT = (
    "پشتیبانی خیلی خوب بود، ممنون!",
    "服务很好，问题很快就解决了。",
    "Спасибо, всё решили быстро и вежливо!",
    'Он сказал "позже", 再见 و خداحافظ\nsecond line',  # quotes, comma and a line break
)

Expected = tuple[int, str, str | None, str]  # line, rule, column_name, reason ({file}: the file)


@dataclass
class Case:
    id: str
    extract: str
    rows: list[dict[str, str | None]]
    expected: list[Expected] = field(default_factory=list)
    day: date = DAY
    lands_last: bool = False  # ingested after every other case file, as a late delivery


C, S, A, W = "acd_contacts", "survey_responses", "acd_agent_states", "wfm_schedules"
CASES = [
    Case(
        "contact_id_missing",
        C,
        [{"contact_id": None}],
        [
            (
                2,
                "required_missing",
                "contact_id",
                "acd_contacts: contact_id is empty (rule: contact_id is required)",
            )
        ],
    ),
    Case(
        "updated_at_missing",
        C,
        [{"updated_at": None}],
        [
            (
                2,
                "required_missing",
                "updated_at",
                "acd_contacts: updated_at is empty (rule: updated_at is required)",
            )
        ],
    ),
    Case(
        "answered_before_queued",
        C,
        [{"answered_at": "2026-03-02T08:10:00Z"}],
        [
            (
                2,
                "event_order",
                "answered_at",
                "acd_contacts: answered_at 2026-03-02T08:10:00Z is before queued_at "
                f"2026-03-02T08:15:00Z {ORDER_RULE}",
            )
        ],
    ),
    Case(
        "queued_before_arrived",
        C,
        [{"arrived_at": "2026-03-02T08:15:30Z"}],
        [
            (
                2,
                "event_order",
                "queued_at",
                "acd_contacts: queued_at 2026-03-02T08:15:00Z is before arrived_at "
                f"2026-03-02T08:15:30Z {ORDER_RULE}",
            )
        ],
    ),
    Case(
        "ended_before_answered",
        C,
        [{"ended_at": "2026-03-02T08:15:10Z"}],
        [
            (
                2,
                "event_order",
                "ended_at",
                "acd_contacts: ended_at 2026-03-02T08:15:10Z is before answered_at "
                f"2026-03-02T08:15:20Z {ORDER_RULE}",
            )
        ],
    ),
    # 11:45 at +03:30 is 08:15 UTC: in order once both are instants
    Case("offsets_compare_as_instants", C, [{"queued_at": "2026-03-02T11:45:00+03:30"}]),
    Case(
        "negative_talk",
        C,
        [{"talk_seconds": "-5"}],
        [
            (
                2,
                "duration_out_of_range",
                "talk_seconds",
                f"acd_contacts: talk_seconds -5 is outside 0..86399 {DURATION_RULE}",
            )
        ],
    ),
    Case(
        "acw_of_25_hours",
        C,
        [{"acw_seconds": "90000"}],  # 25 h = 90000 s
        [
            (
                2,
                "duration_out_of_range",
                "acw_seconds",
                f"acd_contacts: acw_seconds 90000 is outside 0..86399 {DURATION_RULE}",
            )
        ],
    ),
    Case(
        "hold_not_an_integer",
        C,
        [{"hold_seconds": "1.5"}],
        [
            (
                2,
                "not_integer",
                "hold_seconds",
                "acd_contacts: hold_seconds '1.5' is not an integer (rule: hold_seconds is an "
                "integer)",
            )
        ],
    ),
    Case(
        "answered_without_agent",
        C,
        [{"agent_id": None}],
        [
            (
                2,
                "answered_without_agent",
                "agent_id",
                "acd_contacts: answered_at 2026-03-02T08:15:20Z is set but agent_id is empty "
                "(rule: answered implies agent_id)",
            )
        ],
    ),
    Case(
        "abandoned_with_agent",
        C,
        [{**ABANDONED, "agent_id": "AG001"}],
        [
            (
                2,
                "abandoned_with_agent",
                "agent_id",
                "acd_contacts: end_reason abandoned but agent_id is AG001 (rule: abandoned "
                "implies not answered, so no agent)",
            )
        ],
    ),
    Case(
        "abandoned_but_answered",
        C,
        [{**ABANDONED, "answered_at": "2026-03-02T08:15:20Z"}],
        [
            (
                2,
                "abandoned_but_answered",
                "answered_at",
                "acd_contacts: end_reason abandoned but answered_at is 2026-03-02T08:15:20Z "
                "(rule: abandoned implies not answered)",
            ),
            (
                2,
                "answered_without_agent",
                "agent_id",
                "acd_contacts: answered_at 2026-03-02T08:15:20Z is set but agent_id is empty "
                "(rule: answered implies agent_id)",
            ),
        ],
    ),
    Case(
        "channel_outside_set",
        C,
        [{"channel": "fax"}],
        [
            (
                2,
                "value_not_in_set",
                "channel",
                "acd_contacts: channel 'fax' is not one of voice, chat, email, callback, social "
                "(rule: channel is one of its values)",
            )
        ],
    ),
    Case("codes_are_trimmed_and_lower_cased", C, [{"channel": " Voice ", "direction": "INBOUND"}]),
    Case(
        "timestamp_without_offset",
        C,
        [{"queued_at": "2026-03-02T08:15:00"}],
        [
            (
                2,
                "timestamp_without_offset",
                "queued_at",
                "acd_contacts: queued_at 2026-03-02T08:15:00 has no UTC offset and var "
                "source_timezones names no timezone for acd_contacts (rule: timestamps carry an "
                "offset unless the source's timezone is configured)",
            )
        ],
    ),
    Case(
        "timestamp_not_iso",
        C,
        [{"ended_at": "yesterday"}],
        [
            (
                2,
                "not_timestamp",
                "ended_at",
                "acd_contacts: ended_at 'yesterday' is not an ISO-8601 timestamp (rule: ended_at "
                "is an ISO-8601 timestamp)",
            )
        ],
    ),
    Case(
        "future_timestamp",
        C,
        [{"updated_at": "2026-03-04T00:00:00Z"}],  # the day after the business date has ended
        [
            (
                2,
                "future_timestamp",
                "updated_at",
                "acd_contacts: updated_at 2026-03-04T00:00:00Z is after the day following the "
                "file's business date 2026-03-02 (rule: no timestamp later than the business date "
                "+ 1 day)",
            )
        ],
    ),
    Case("next_day_is_not_future", C, [{"updated_at": "2026-03-03T23:59:59Z"}]),
    Case(
        "duplicate_key_in_one_file",
        C,
        # lines 2 and 3: the same version twice; line 4: a later version (a change, kept)
        [
            {"contact_id": "dup-1"},
            {"contact_id": "dup-1"},
            {"contact_id": "dup-1", "updated_at": "2026-03-02T09:00:00Z"},
        ],
        [
            (
                2,
                "duplicate_key_in_file",
                None,
                "acd_contacts: contact_id dup-1 with the same updated_at 2026-03-02T08:21:00Z "
                "appears again on line 3 of this file, which is kept (rule: a version of a key "
                "appears once per file; the later line is kept)",
            )
        ],
    ),
    # reported by the GX check on fct_contact_segments, not quarantined (docs/data-quality.md)
    Case("unknown_queue_is_not_quarantined", C, [{"queue_id": "Q99"}]),
    Case(
        "file_far_in_the_past",
        C,
        [STALE],
        # lands after the acd_contacts files of DAY; 2024-01-01 is 791 days before 2026-03-02
        [
            (
                2,
                "stale_file",
                None,
                "acd_contacts: the file's business date 2024-01-01 is more than 400 days before "
                f"{DAY}, the newest business date of acd_contacts landed before it (rule: a file "
                "arrives at most var max_backfill_days = 400 days behind the newest file of its "
                "extract)",
            )
        ],
        day=date(2024, 1, 1),
        lands_last=True,
    ),
    # landed in date order before the newer files: history, which never ages into quarantine
    Case(
        "old_file_landed_in_order_is_history",
        C,
        [{key: value.replace("2024-01-01", "2024-06-01") for key, value in STALE.items()}],
        day=date(2024, 6, 1),
    ),
    Case(
        "overlapping_agent_states",
        A,
        [
            {
                "agent_id": "AG-ov",
                "state": "aux",
                "started_at": "2026-03-02T08:00:00Z",
                "ended_at": "2026-03-02T08:30:00Z",
            },
            {
                "agent_id": "AG-ov",
                "state": "available",
                "started_at": "2026-03-02T08:20:00Z",
                "ended_at": "2026-03-02T08:40:00Z",
            },
            # starts when the previous one ends: touching, not overlapping
            {
                "agent_id": "AG-ov",
                "state": "acw",
                "started_at": "2026-03-02T08:40:00Z",
                "ended_at": "2026-03-02T08:45:00Z",
            },
        ],
        [
            (
                3,
                "overlapping_interval",
                "started_at",
                "acd_agent_states: agent_id AG-ov state available from 2026-03-02T08:20:00Z "
                "starts inside the aux state 2026-03-02T08:00:00Z to 2026-03-02T08:30:00Z of "
                "{file} line 2 (rule: intervals of one agent_id must not overlap)",
            )
        ],
    ),
    Case(
        "agent_state_outside_set",
        A,
        [{"state": "lunch"}],
        [
            (
                2,
                "value_not_in_set",
                "state",
                "acd_agent_states: state 'lunch' is not one of available, on_contact, acw, aux, "
                "offline (rule: state is one of its values)",
            )
        ],
    ),
    Case(
        "csat_as_text",
        S,
        [{"csat": "good"}],
        [
            (
                2,
                "not_integer",
                "csat",
                "survey_responses: csat 'good' is not an integer (rule: csat is an integer)",
            )
        ],
    ),
    Case(
        "csat_above_5",
        S,
        [{"csat": "6"}],
        [
            (
                2,
                "score_out_of_range",
                "csat",
                "survey_responses: csat 6 is outside 1..5 (rule: csat between 1 and 5)",
            )
        ],
    ),
    Case(
        "nps_above_10",
        S,
        [{"nps": "11"}],
        [
            (
                2,
                "score_out_of_range",
                "nps",
                "survey_responses: nps 11 is outside 0..10 (rule: nps between 0 and 10)",
            )
        ],
    ),
    Case(
        "ces_below_1",
        S,
        [{"ces": "0"}],
        [
            (
                2,
                "score_out_of_range",
                "ces",
                "survey_responses: ces 0 is outside 1..7 (rule: ces between 1 and 7)",
            )
        ],
    ),
    Case(
        "resolved_not_a_boolean",
        S,
        [{"resolved": "maybe"}],
        [
            (
                2,
                "not_boolean",
                "resolved",
                "survey_responses: resolved 'maybe' is not a boolean (true/false) (rule: resolved "
                "is a boolean (true/false))",
            )
        ],
    ),
    Case("free_text_in_any_language", S, [{"comment": text} for text in FREE_TEXT]),
    Case(
        "dst_gap_local_time",
        W,
        # Berlin skips 02:00-03:00 on 2026-03-29
        [
            {
                "starts_at": "2026-03-29T02:30:00",
                "ends_at": "2026-03-29T06:00:00",
                "updated_at": "2026-03-28T12:00:00Z",
            }
        ],
        [
            (
                2,
                "local_time_in_dst_gap",
                "starts_at",
                "wfm_schedules: starts_at 2026-03-29T02:30:00 does not exist in Europe/Berlin: "
                "clocks skip it for daylight saving time (rule: a naive local time exists in the "
                "source timezone)",
            )
        ],
        day=NEWEST,
    ),
    Case(
        "naive_time_in_configured_zone",
        W,
        [{"starts_at": "2026-03-02T08:00:00", "ends_at": "2026-03-02T12:00:00"}],
    ),
    Case(
        "absence_approval_not_boolean",
        "hr_absences",
        [{"is_approved": "maybe"}],
        [
            (
                2,
                "not_boolean",
                "is_approved",
                "hr_absences: is_approved 'maybe' is not a boolean (true/false) (rule: "
                "is_approved is a boolean (true/false))",
            )
        ],
    ),
    Case(
        "cost_month_not_a_month",
        "finance_costs",
        [{"cost_month": "2026-3"}],
        [
            (
                2,
                "not_month",
                "cost_month",
                "finance_costs: cost_month '2026-3' is not a month (YYYY-MM) (rule: cost_month is "
                "a month (YYYY-MM))",
            )
        ],
    ),
    Case("queue_settings", "acd_queues", [{"queue_id": "Q01"}]),
    Case(
        "queue_timezone_unknown",
        "acd_queues",
        [{"timezone": "Mars/Olympus"}],
        [
            (
                2,
                "unknown_timezone",
                "timezone",
                "acd_queues: timezone 'Mars/Olympus' is not an IANA timezone (rule: timezone is "
                "an IANA timezone)",
            )
        ],
    ),
    Case(
        "amount_with_decimal_comma",
        "crm_orders",
        [{"amount": "12,50"}],
        [
            (
                2,
                "not_decimal",
                "amount",
                "crm_orders: amount '12,50' is not a decimal number (rule: amount is a decimal "
                "number)",
            )
        ],
    ),
    Case(
        "sentiment_above_1",
        "interaction_analytics",
        [{"sentiment_score": "1.5"}],
        [
            (
                2,
                "score_out_of_range",
                "sentiment_score",
                "interaction_analytics: sentiment_score 1.5 is outside -1..1 (rule: "
                "sentiment_score between -1 and 1)",
            )
        ],
    ),
    Case(
        "qa_score_above_max",
        "qa_evaluations",
        [{"score": "120"}],
        [
            (
                2,
                "score_above_max",
                "score",
                "qa_evaluations: score 120 is above max_score 100 (rule: score <= max_score)",
            )
        ],
    ),
    Case(
        "terminated_before_hired",
        "hr_agents",
        [{"hired_at": "2026-02-01", "terminated_at": "2026-01-01", "full_name": "مریم احمدی"}],
        [
            (
                2,
                "event_order",
                "terminated_at",
                "hr_agents: terminated_at 2026-01-01 is before hired_at 2026-02-01 (rule: "
                "hired_at <= terminated_at where present)",
            )
        ],
    ),
    Case("name_in_persian", "hr_agents", [{"full_name": "مریم احمدی"}]),
]

# A partition of its own to reconcile by hand (crm_orders, 2026-03-03):
# first file:  O1 v1, O2 v1, O3 with a bad amount, O4 with a bad amount
# second file: O1 v2 (later updated_at), O2 v1 again (same version, later file wins),
#              O4 corrected (resolves the quarantined O4 of the first file)
RECONCILE_DAY = date(2026, 3, 3)
RECONCILE_FILES = [
    [
        {"order_id": "O1", "updated_at": "2026-03-03T10:00:00Z"},
        {"order_id": "O2", "updated_at": "2026-03-03T10:00:00Z"},
        {"order_id": "O3", "amount": "lots"},
        {"order_id": "O4", "amount": "n/a"},
    ],
    [
        {"order_id": "O1", "updated_at": "2026-03-03T11:00:00Z"},
        {"order_id": "O2", "updated_at": "2026-03-03T10:00:00Z"},
        {"order_id": "O4", "amount": "10.00"},
    ],
]


def _auto_key_columns(extract: str) -> list[str]:
    """Text key columns without a value set: unique per case row unless a case sets them."""
    contract = EXTRACTS[extract]
    types = {c.name: c.type for c in contract.columns}
    return [k for k in contract.key if types[k] == TEXT and k not in VALUE_SETS[extract]]


def _write(landing: Path, extract: str, day: date, seq: int, rows: list[dict], tag: str) -> str:
    columns = EXTRACTS[extract].column_names
    name = f"{extract}_{day.isoformat()}_{seq}.csv"
    path = landing / extract / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for index, overrides in enumerate(rows):
            row = dict(GOOD[extract])
            row.update({k: f"{tag}-{index}" for k in _auto_key_columns(extract)})
            row.update(overrides)
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
    return f"{extract}/{name}"


@dataclass
class Built:
    db: Path
    files: dict[str, str]  # case id -> landed file
    reconcile_files: list[str]


def _dbt(args: list[str], db: Path, tmp: Path, env: dict[str, str] | None = None):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("CALLSCOPE_PII_SALT", "CALLSCOPE_PROFILE")
    }
    environment.update(CALLSCOPE_WAREHOUSE_PATH=str(db), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    environment.update(env or {})
    return subprocess.run(
        [
            dbt_executable(),
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp / "target"),
            "--log-path",
            str(tmp / "logs"),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("bad_rows")
    landing, db = tmp / "landing", tmp / "warehouse.duckdb"
    files = {
        case.id: _write(landing, case.extract, case.day, seq, case.rows, case.id)
        for seq, case in enumerate(CASES, start=1)
    }
    reconcile_files = [
        _write(landing, "crm_orders", RECONCILE_DAY, seq, rows, "reconcile")
        for seq, rows in enumerate(RECONCILE_FILES)
    ]
    late_days = {case.day for case in CASES if case.lands_last}
    with closing(connect(db)) as con:
        ensure_raw_tables(con)
        for days in (set(landed_dates(landing)) - late_days, late_days):
            for extract in EXTRACTS:
                ingest_extract(con, landing, extract, days)
    result = _dbt(
        [
            "build",
            "--select",
            "+dq_quarantine",
            "+dq_reconciliation",
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
            "--vars",
            json.dumps(DBT_VARS),
        ],
        db,
        tmp,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    return Built(db, files, reconcile_files)


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with closing(connect(db, read_only=True)) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_row_is_quarantined_with_its_rule_and_reason(
    built: Built, contracts: dict[str, dict], case: Case
) -> None:
    file = built.files[case.id]
    quarantined = _rows(
        built.db,
        "select line, rule, column_name, reason from marts.dq_quarantine"
        " where file = ? order by line, rule, column_name",
        [file],
    )
    expected = sorted(
        (
            (line, rule, column, reason.format(file=file))
            for line, rule, column, reason in case.expected
        ),
        key=lambda e: (e[0], e[1], e[2] or ""),
    )
    assert quarantined == expected
    # rejected lines never reach staging; every other line does (or is superseded, dup case)
    model = f"staging.{contracts[case.extract]['staging_model']}"
    staged = {
        r[0]
        for r in _rows(built.db, f"select source_line from {model} where source_file = ?", [file])
    }
    rejected = {line for line, *_ in case.expected}
    assert not staged & rejected
    if case.id != "duplicate_key_in_one_file":
        assert staged == set(range(2, 2 + len(case.rows))) - rejected


def test_quarantine_names_extract_partition_and_key(built: Built) -> None:
    rows = _rows(
        built.db,
        "select extract, partition_date, key from marts.dq_quarantine where file = ?",
        [built.files["duplicate_key_in_one_file"]],
    )
    assert rows == [("acd_contacts", DAY, "dup-1")]
    composite = _rows(
        built.db,
        "select key from marts.dq_quarantine where file = ?",
        [built.files["overlapping_agent_states"]],
    )
    assert composite == [("AG-ov | 2026-03-02T08:20:00Z",)]  # agent_id | started_at


def test_duplicate_keeps_the_later_line_and_the_latest_version_wins(built: Built) -> None:
    file = built.files["duplicate_key_in_one_file"]
    # line 2 quarantined, line 3 superseded by line 4 (later updated_at), line 4 staged
    assert _rows(
        built.db,
        "select source_line from staging.stg_acd__contact_segments where contact_id = 'dup-1'",
    ) == [(4,)]
    # resolved: the key is staged from a later line of the same file
    assert _rows(
        built.db, "select line, is_resolved from marts.dq_quarantine where file = ?", [file]
    ) == [(2, True)]


def test_naive_time_of_a_configured_zone_is_converted_to_utc(built: Built) -> None:
    # 08:00 in Berlin on 2026-03-02 (UTC+1, before summer time) is 07:00 UTC
    rows = _rows(
        built.db,
        "select starts_at, ends_at from staging.stg_wfm__schedules where source_file = ?",
        [built.files["naive_time_in_configured_zone"]],
    )
    assert rows == [
        (datetime(2026, 3, 2, 7, tzinfo=UTC), datetime(2026, 3, 2, 11, tzinfo=UTC)),
    ]


def test_reconciliation_counts_a_partition_by_hand(built: Built) -> None:
    rows = _rows(
        built.db,
        "select files, landed, staged, duplicates, quarantined, quarantined_unresolved,"
        " quarantine_share, unresolved_quarantine_share"
        " from marts.dq_reconciliation where extract = 'crm_orders' and partition_date = ?",
        [RECONCILE_DAY],
    )
    # 7 landed: O3 and O4 (first file) quarantined; O1 v2, O2 and O4 of the second file staged;
    # O1 v1 and O2 of the first file superseded. O4 was corrected later: only O3 is unresolved.
    assert rows == [(2, 7, 3, 2, 2, 1, 2 / 7, 1 / 7)]
    quarantined = _rows(
        built.db,
        "select file, line, rule, is_resolved from marts.dq_quarantine"
        " where partition_date = ? order by line",
        [RECONCILE_DAY],
    )
    first = built.reconcile_files[0]
    assert quarantined == [(first, 4, "not_decimal", False), (first, 5, "not_decimal", True)]


def test_reconciliation_identity_holds_for_every_partition(built: Built) -> None:
    rows = _rows(
        built.db,
        "select extract, partition_date, landed, staged, duplicates, quarantined"
        " from marts.dq_reconciliation",
    )
    assert rows
    for extract, day, landed, staged, duplicates, quarantined in rows:
        assert landed == staged + duplicates + quarantined, (extract, day)


def test_reconciliation_lands_every_case_row(built: Built) -> None:
    """acd_contacts on 2026-03-02: every row written, every rejected line, from the table above."""
    cases = [c for c in CASES if c.extract == "acd_contacts" and c.day == DAY]
    landed = sum(len(c.rows) for c in cases)
    quarantined = sum(len({line for line, *_ in c.expected}) for c in cases)
    rows = _rows(
        built.db,
        "select landed, quarantined, duplicates from marts.dq_reconciliation"
        " where extract = 'acd_contacts' and partition_date = ?",
        [DAY],
    )
    # the one duplicate: dup-1 line 3, superseded by line 4 of the same file
    assert rows == [(landed, quarantined, 1)]


def test_free_text_survives_byte_for_byte_up_to_the_keyed_hash(built: Built) -> None:
    file = built.files["free_text_in_any_language"]
    raw = _rows(
        built.db, "select comment from raw.survey_responses where _file = ? order by _line", [file]
    )
    assert [r[0] for r in raw] == list(FREE_TEXT)
    hashes = _rows(
        built.db,
        "select comment_hash from staging.stg_feedback__survey_responses"
        " where source_file = ? order by source_line",
        [file],
    )
    expected = [
        hmac.new(SALT.encode(), t.encode("utf-8"), hashlib.sha256).hexdigest() for t in FREE_TEXT
    ]
    assert [h[0] for h in hashes] == expected


def test_names_are_hashed_with_the_salt(built: Built) -> None:
    rows = _rows(
        built.db,
        "select full_name_hash from staging.stg_hr__agents where source_file = ?",
        [built.files["name_in_persian"]],
    )
    assert rows == [(hmac.new(SALT.encode(), "مریم احمدی".encode(), hashlib.sha256).hexdigest(),)]


def test_no_reason_carries_pii(built: Built) -> None:
    reasons = " ".join(r[0] for r in _rows(built.db, "select reason from marts.dq_quarantine"))
    for value in ("+4915112345678", "Quick help", "مریم احمدی", *FREE_TEXT):
        assert value not in reasons


@pytest.fixture(scope="module")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """quality_contracts() of the dbt project, rendered by dbt itself."""
    tmp = tmp_path_factory.mktemp("contracts")
    result = _dbt(
        ["compile", "--quiet", "--inline", "{{ tojson(quality_contracts()) }}"],
        tmp / "unused.duckdb",
        tmp,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return json.loads(re.search(r"\{.*\}", result.stdout, re.S).group(0))


def test_dbt_rules_follow_the_landing_contract(contracts: dict[str, dict]) -> None:
    assert set(contracts) == set(EXTRACTS)
    for name, extract in EXTRACTS.items():
        dbt = contracts[name]
        assert dbt["columns"] == list(extract.column_names), name
        assert dbt["key"] == list(extract.key), name
        assert dbt["version"] == extract.version_column, name
        assert dbt["pii"] == list(extract.pii_columns), name
        typed = {c.name: c.type for c in extract.columns if c.type != TEXT}
        # 'code' marks contract text that staging lower-cases
        assert {c: t for c, t in dbt["types"].items() if t != "code"} == typed, name
        assert {c: tuple(v) for c, v in dbt["value_sets"].items()} == VALUE_SETS[name], name


def test_quarantine_gate_names_extract_partition_share_and_top_rules(built: Built) -> None:
    cases = [c for c in CASES if c.extract == "acd_contacts" and c.day == DAY]
    landed = sum(len(c.rows) for c in cases)
    # the duplicate is resolved: its key is staged from a later line of the same file
    unresolved = [[e for e in c.expected if e[1] != "duplicate_key_in_file"] for c in cases]
    quarantined = sum(len({line for line, *_ in expected}) for expected in unresolved)
    # rows per rule: a (line, rule) pair of a case file counts once
    lines_per_rule = Counter(rule for ex in unresolved for _, rule in {e[:2] for e in ex})
    top = sorted(lines_per_rule.items(), key=lambda item: (-item[1], item[0]))[:3]

    over = {
        (p.extract, p.partition_date): p for p in partitions_over_limit(built.db, DAY, DAY, 0.01)
    }
    contacts = over[("acd_contacts", DAY)]
    assert (contacts.landed, contacts.quarantined) == (landed, quarantined)
    assert [(r.rule, r.rows) for r in contacts.top_rules] == top
    assert contacts.describe(0.01).startswith(
        f"acd_contacts 2026-03-02: {quarantined} of {landed} rows quarantined and not corrected"
        f" ({quarantined / landed:.1%}), above the limit of 1.0%; top rules: {top[0][0]} ("
    )
    # the reconciliation partition of crm_orders (1 of 7 unresolved) is outside DAY..DAY
    assert ("crm_orders", RECONCILE_DAY) not in over
    orders = partitions_over_limit(built.db, RECONCILE_DAY, RECONCILE_DAY, 0.01)
    assert [(p.extract, p.quarantined, p.landed) for p in orders] == [("crm_orders", 1, 7)]
    assert [(r.rule, r.rows) for r in orders[0].top_rules] == [("not_decimal", 1)]
    assert partitions_over_limit(built.db, DAY, DAY, 1.0) == []


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 0.01), ("", 0.01), ("0.05", 0.05), (" 0 ", 0.0), ("1", 1.0)]
)
def test_quarantine_limit_comes_from_the_environment(value: str | None, expected: float) -> None:
    environ = {} if value is None else {SHARE_ENV: value}
    assert max_quarantine_share(environ) == expected


@pytest.mark.parametrize("value", ["1%", "abc", "1.5", "-0.1"])
def test_a_bad_quarantine_limit_is_refused(value: str) -> None:
    with pytest.raises(QuarantineLimitError) as raised:
        max_quarantine_share({SHARE_ENV: value})
    assert SHARE_ENV in str(raised.value)
