"""Quarantine end to end: bad rows in a re-delivery are published in dq_quarantine with file,
line and reason, never reach a mart, a corrected re-delivery resolves them, and
dq_reconciliation accounts for every landed row."""

from __future__ import annotations

import csv
import shutil
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.duck import connect
from orchestration.lib.quarantine import SHARE_ENV
from tests.integration.conftest import Pipeline, assert_ran, make_pipeline

DAY = "2026-03-29"  # the second generated day
ORDER_RULE = "(rule: arrived_at <= queued_at <= answered_at <= ended_at where present)"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


class Landed:
    """The bad re-delivery written into the landing copy, and what it should produce."""

    def __init__(self, landing: Path) -> None:
        first = landing / "acd_contacts" / f"acd_contacts_{DAY}.csv"
        fields, rows = _read(first)
        self.first_rows = len(rows)
        self.corrected = next(r for r in rows if r["answered_at"] and r["queued_at"])
        queued = datetime.fromisoformat(self.corrected["queued_at"])
        self.bad_answered_at = (queued - timedelta(seconds=60)).isoformat()
        late = {
            **self.corrected,
            "answered_at": self.bad_answered_at,
            "updated_at": f"{DAY}T23:00:00Z",
        }
        fax = {**rows[-1], "contact_id": "CT-BAD-FAX", "channel": "fax"}
        self.fixed_channel = rows[-1]["channel"]
        self.file = f"acd_contacts/acd_contacts_{DAY}_5.csv"
        self.fix_file = f"acd_contacts/acd_contacts_{DAY}_6.csv"
        for name, file_rows in (
            (self.file, [late, fax]),
            (self.fix_file, [{**fax, "channel": self.fixed_channel}]),
        ):
            with (landing / name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=fields)
                writer.writeheader()
                writer.writerows(file_rows)  # lines 2, 3...

    @property
    def expected_quarantine(self) -> list[tuple]:
        return [
            (
                "acd_contacts",
                self.file,
                2,
                self.corrected["contact_id"],
                "event_order",
                "answered_at",
                f"acd_contacts: answered_at {self.bad_answered_at} is before queued_at"
                f" {self.corrected['queued_at']} {ORDER_RULE}",
                False,  # the staged version of the contact is older: the correction is lost
            ),
            (
                "acd_contacts",
                self.file,
                3,
                "CT-BAD-FAX",
                "value_not_in_set",
                "channel",
                "acd_contacts: channel 'fax' is not one of voice, chat, email, callback, social"
                " (rule: channel is one of its values)",
                True,  # re-delivered with a valid channel in the next file
            ),
        ]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, generated_landing: Path):
    pipeline = make_pipeline(tmp_path_factory.mktemp("quarantine"))
    shutil.copytree(generated_landing, pipeline.paths.landing_dir)
    landed = Landed(pipeline.paths.landing_dir)
    # The generated day is small: allow up to 25 % so 1 unresolved row of it still publishes.
    pipeline.env[SHARE_ENV] = "0.25"
    assert 1 / (landed.first_rows + 3) < 0.25
    assert_ran(pipeline.run())
    return pipeline, landed


def _query(pipeline: Pipeline, sql: str, params: list | None = None) -> list[tuple]:
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        return con.execute(sql, params or []).fetchall()


def test_bad_rows_are_published_with_file_line_and_reason(run) -> None:
    pipeline, landed = run
    rows = _query(
        pipeline,
        "select extract, file, line, key, rule, column_name, reason, is_resolved"
        " from dq_quarantine"
        " order by file, line",
    )
    # the generated data breaks no rule: only the two bad rows are quarantined
    assert rows == landed.expected_quarantine


def test_a_rejected_correction_keeps_the_last_accepted_version(run) -> None:
    pipeline, landed = run
    contact = landed.corrected["contact_id"]
    (answered_at,) = _query(
        pipeline, "select answered_at from fct_contact_segments where contact_id = ?", [contact]
    )[0]
    assert answered_at == datetime.fromisoformat(landed.corrected["answered_at"])
    # the rejected 'fax' row is in no mart; its corrected re-delivery is
    assert _query(
        pipeline, "select channel from fct_contact_segments where contact_id = 'CT-BAD-FAX'"
    ) == [(landed.fixed_channel,)]


def test_reconciliation_accounts_for_every_landed_row(run) -> None:
    pipeline, landed = run
    rows = _query(
        pipeline,
        "select files, landed, staged, duplicates, quarantined, quarantined_unresolved"
        " from dq_reconciliation where extract = 'acd_contacts' and partition_date = ?",
        [DAY],
    )
    # the first delivery and the fixed row are staged; both rows of the bad re-delivery are
    # quarantined, of which the 'fax' row is resolved by the fix; nothing is superseded
    n = landed.first_rows
    assert rows == [(3, n + 3, n + 1, 0, 2, 1)]
    unbalanced = _query(
        pipeline,
        "select * from dq_reconciliation where landed <> staged + duplicates + quarantined",
    )
    assert unbalanced == []


def test_quality_marts_are_in_parquet_too(run) -> None:
    pipeline, landed = run
    parquet = pipeline.paths.published_dir / "parquet" / "dq_quarantine" / "dq_quarantine.parquet"
    rows = duckdb.sql(f"select file, line, rule from '{parquet}' order by line").fetchall()
    assert rows == [(landed.file, 2, "event_order"), (landed.file, 3, "value_not_in_set")]
