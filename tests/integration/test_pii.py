"""PII end to end: phone numbers, e-mails, names and comments are pseudonymised with a keyed hash
in staging; no raw value from the landed files appears in any published table or Parquet file.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.contract import EXTRACTS
from orchestration.lib.dbt_env import dbt_executable
from orchestration.lib.duck import connect
from orchestration.lib.generate import generate
from orchestration.lib.landing import find_landed_files
from orchestration.lib.pii import PiiSaltError, pii_salt
from orchestration.lib.quarantine import SHARE_ENV
from orchestration.lib.readers import read_landed_file
from tests.integration.conftest import DAYS, START, Pipeline, assert_ran, make_pipeline

SALT = "pii-test-salt-3f9c2a71b8"
# A bad row whose PII must not leak through its quarantine reason.
BAD_ANI = "+4917600000042"


def _land_bad_contact(landing: Path) -> None:
    """A re-delivery (seq 7) for the second day: one contact with a bad channel and its ani."""
    first_deliveries = [f for f in find_landed_files(landing, "acd_contacts") if f.seq == 0]
    first = first_deliveries[1].path
    with first.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, row = reader.fieldnames, next(reader)
    bad = {**row, "contact_id": "CT-PII-BAD", "ani": BAD_ANI, "channel": "pigeon"}
    with first.with_name(first.name.replace(".csv", "_7.csv")).open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow(bad)


def landed_pii(landing: Path) -> dict[str, set[str]]:
    """Every non-empty PII value of every landed file, by column."""
    values: dict[str, set[str]] = defaultdict(set)
    for name, extract in EXTRACTS.items():
        if not extract.pii_columns:
            continue
        for landed in find_landed_files(landing, name):
            content = read_landed_file(landed.path, landed.relative_to(landing))
            for column in extract.pii_columns:
                index = content.columns.index(column)
                values[column] |= {r[index] for r in content.rows if r[index] and r[index].strip()}
    return values


class PiiScanner:
    """Finds any PII value inside a text, by an index of each value's first k characters."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = {v for v in values if v}
        self.k = min(len(v) for v in self.values)
        self.by_prefix: dict[str, list[str]] = defaultdict(list)
        for value in self.values:
            self.by_prefix[value[: self.k]].append(value)

    def find(self, text: str) -> list[str]:
        hits = []
        for start in range(len(text) - self.k + 1):
            for value in self.by_prefix.get(text[start : start + self.k], ()):
                if text.startswith(value, start):
                    hits.append(value)
        return hits


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pipeline, dict[str, set[str]]]:
    pipeline = make_pipeline(tmp_path_factory.mktemp("pii"))
    generate(pipeline.paths.landing_dir, days=DAYS, agents=12, queues=4, seed=11, start=START)
    _land_bad_contact(pipeline.paths.landing_dir)
    # production refuses to run without a salt; the one bad row of a small generated day is
    # above 1 %, so the quarantine limit is raised for this run
    pipeline.env.update(
        CALLSCOPE_PII_SALT=SALT, CALLSCOPE_PROFILE="production", **{SHARE_ENV: "0.25"}
    )
    assert_ran(pipeline.run())
    return pipeline, landed_pii(pipeline.paths.landing_dir)


def _published_texts(pipeline: Pipeline) -> dict[str, set[str]]:
    """Every distinct value of every column of every published table, as text."""
    texts: dict[str, set[str]] = {}
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        tables = [r[0] for r in con.execute("show tables").fetchall()]
        for table in tables:
            columns = [r[0] for r in con.execute(f'describe "{table}"').fetchall()]
            for column in columns:
                rows = con.execute(
                    f'select distinct cast("{column}" as varchar) from "{table}"'
                    f' where "{column}" is not null'
                ).fetchall()
                texts[f"{table}.{column}"] = {r[0] for r in rows}
    return texts


def _parquet_texts(pipeline: Pipeline) -> dict[str, set[str]]:
    texts: dict[str, set[str]] = {}
    for path in sorted((pipeline.paths.published_dir / "parquet").rglob("*.parquet")):
        table = pq.read_table(path)
        for column in table.column_names:
            values = table.column(column).to_pylist()
            texts[f"{path.name}:{column}"] = {str(v) for v in values if v is not None}
    return texts


def test_the_fixture_has_pii_of_every_kind(run) -> None:
    _, pii = run
    assert set(pii) == {"ani", "email", "phone", "full_name", "comment"}
    assert all(pii.values()) and BAD_ANI in pii["ani"]
    # free text in several scripts, so the scan also covers non-Latin comments
    comments = " ".join(pii["comment"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in comments)  # Persian
    assert any("\u4e00" <= ch <= "\u9fff" for ch in comments)  # Chinese
    assert any("\u0400" <= ch <= "\u04ff" for ch in comments)  # Cyrillic


@pytest.mark.parametrize("source", ["duckdb", "parquet"])
def test_no_raw_pii_is_published(run, source: str) -> None:
    pipeline, pii = run
    texts = _published_texts(pipeline) if source == "duckdb" else _parquet_texts(pipeline)
    assert texts  # the scan saw something
    scanner = PiiScanner(set().union(*pii.values()))
    leaks = {
        where: hits
        for where, values in texts.items()
        for text in values
        if (hits := scanner.find(text))
    }
    assert leaks == {}


def test_published_hashes_are_keyed_with_the_salt(run) -> None:
    pipeline, pii = run
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        hashes = {r[0] for r in con.execute("select ani_hash from fct_contact_segments").fetchall()}
    keyed = {hmac.new(SALT.encode(), v.encode(), hashlib.sha256).hexdigest() for v in pii["ani"]}
    unkeyed = {hashlib.sha256(v.encode()).hexdigest() for v in pii["ani"]}
    hashes.discard(None)
    assert hashes and hashes <= keyed
    assert not hashes & unkeyed


def test_the_quarantined_row_is_named_without_its_pii(run) -> None:
    pipeline, _ = run
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        rows = con.execute(
            "select key, rule, reason from dq_quarantine where key = 'CT-PII-BAD'"
        ).fetchall()
    assert rows == [
        (
            "CT-PII-BAD",
            "value_not_in_set",
            "acd_contacts: channel 'pigeon' is not one of voice, chat, email, callback, social"
            " (rule: channel is one of its values)",
        )
    ]


def test_the_published_file_is_read_only(run) -> None:
    pipeline, _ = run
    assert not os.access(pipeline.paths.published_path, os.W_OK) or os.geteuid() == 0
    assert pipeline.paths.published_path.stat().st_mode & 0o222 == 0


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CALLSCOPE_PROFILE": "production"}, "refuses to run without a PII salt"),
        (
            {"CALLSCOPE_PROFILE": "production", "CALLSCOPE_PII_SALT": "short"},
            "at least 16 characters",
        ),
        ({"CALLSCOPE_PII_SALT": "x" * 65}, "longer than 64 bytes"),
    ],
)
def test_a_bad_salt_is_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(PiiSaltError) as raised:
        pii_salt(environ)
    assert message in str(raised.value)


def test_salt_rules_outside_production() -> None:
    assert pii_salt({}) == ""  # development may run unkeyed
    assert pii_salt({"CALLSCOPE_PROFILE": "production", "CALLSCOPE_PII_SALT": SALT}) == SALT


def test_dbt_refuses_to_compile_production_without_a_salt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CALLSCOPE_PII_SALT"}
    env.update(
        CALLSCOPE_PROFILE="production",
        CALLSCOPE_WAREHOUSE_PATH=str(tmp_path / "w.duckdb"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    result = subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "refuses to pseudonymise PII without a salt" in result.stdout


def test_the_scanner_finds_values_inside_text() -> None:
    scanner = PiiScanner(["+4917600000042", "服务很好，谢谢！", "ana@example.com"])
    assert scanner.find("call +4917600000042 now") == ["+4917600000042"]
    assert scanner.find("客户说：服务很好，谢谢！") == ["服务很好，谢谢！"]
    assert scanner.find("ana@example.co") == []  # a prefix is not the value
