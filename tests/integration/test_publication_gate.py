"""Write-audit-publish: a failing blocking check publishes nothing and leaves the old file."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

from tests.integration.conftest import assert_ran, make_pipeline


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _land_bad_redelivery(landing: Path) -> Path:
    """A re-delivery of one contact with a channel outside the contract ('fax')."""
    first = sorted((landing / "acd_contacts").glob("acd_contacts_*.csv"))[0]
    with first.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        row = next(reader)
        fields = reader.fieldnames
    row["channel"] = "fax"
    bad = first.with_name(first.name.replace(".csv", "_9.csv"))
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow(row)
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
    assert "channel" in result.stdout + result.stderr  # the failing expectation is named
    assert (_sha256(published), parquet_link.resolve()) == before
