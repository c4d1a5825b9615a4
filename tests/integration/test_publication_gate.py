"""Write-audit-publish: a failing blocking check publishes nothing and leaves the old file.

The failure provoked here is the quarantine gate: a partition quarantining more than
CALLSCOPE_MAX_QUARANTINE_SHARE (default 1 %) of its rows blocks publishing."""

from __future__ import annotations

import csv
import hashlib
import shutil
from contextlib import closing
from pathlib import Path

from orchestration.lib.duck import connect
from tests.integration.conftest import assert_ran, make_pipeline


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _land_bad_redelivery(landing: Path) -> Path:
    """A re-delivery of the first day's contacts, every row with a channel outside the contract
    ('fax'): each row is quarantined, so about half the partition is (far above 1 %)."""
    first = sorted((landing / "acd_contacts").glob("acd_contacts_*.csv"))[0]
    with first.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        fields = reader.fieldnames
    bad = first.with_name(first.name.replace(".csv", "_9.csv"))
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows({**row, "channel": "fax"} for row in rows)
    return bad


def test_a_failing_blocking_check_leaves_the_published_marts_byte_identical(
    tmp_path: Path, generated_landing: Path
) -> None:
    pipeline = make_pipeline(tmp_path)
    shutil.copytree(generated_landing, pipeline.paths.landing_dir)
    assert_ran(pipeline.run())
    published = pipeline.paths.published_path
    parquet_link = pipeline.paths.published_dir / "parquet"
    before = (_sha256(published), parquet_link.resolve())

    _land_bad_redelivery(pipeline.paths.landing_dir)
    result = pipeline.run()

    assert result.returncode != 0
    assert "is unchanged" in result.stderr
    output = result.stdout + result.stderr
    # the blocking check names the extract, the partition's share and the rule that fired
    assert "quarantine share too high: acd_contacts" in output
    assert "value_not_in_set" in output and "channel 'fax'" in output
    assert (_sha256(published), parquet_link.resolve()) == before
    # dq_run_log of the build database says why this run published nothing
    with closing(connect(pipeline.paths.warehouse_path, read_only=True)) as con:
        outcome = con.execute(
            "select passed, detail from marts.dq_run_log where kind = 'publish'"
            " order by logged_at desc limit 1"
        ).fetchone()
    assert outcome[0] is False
    assert outcome[1].startswith(
        "blocked by quarantine_share_within_limit on marts/dq_reconciliation"
    )
