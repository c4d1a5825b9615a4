"""The sample data generator: deterministic, in the landing contract, internally consistent."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest

from orchestration.lib.contract import EXTRACTS, TIMESTAMP
from orchestration.lib.generate import generate

START = date(2026, 3, 27)
SMALL = {"days": 3, "agents": 8, "queues": 4, "seed": 11, "start": START}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    """Header and rows of a landing file, whatever its format; empty CSV cells become None."""
    name = path.name
    if name.endswith(".parquet"):
        table = pq.read_table(path)
        return table.column_names, table.to_pylist()
    if name.endswith(".jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        return list(rows[0]), rows
    raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    header, *body = list(reader)
    return header, [
        {c: (v or None) for c, v in zip(header, values, strict=True)} for values in body
    ]


def all_rows(landing: Path, extract: str) -> list[dict[str, str | None]]:
    return [row for path in sorted((landing / extract).iterdir()) for row in read_rows(path)[1]]


def ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("landing")
    generate(out, **SMALL)
    return out


def test_same_seed_gives_identical_bytes_and_another_seed_other_contacts(tmp_path: Path) -> None:
    args = {"days": 2, "agents": 6, "queues": 2, "start": START}
    generate(tmp_path / "a", seed=7, **args)
    generate(tmp_path / "b", seed=7, **args)
    generate(tmp_path / "c", seed=8, **args)
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    contacts = Path("acd_contacts") / f"acd_contacts_{START}.csv"
    assert (tmp_path / "a" / contacts).read_bytes() != (tmp_path / "c" / contacts).read_bytes()


def test_returned_counts_match_the_rows_written(landing: Path, tmp_path: Path) -> None:
    counts = generate(tmp_path, **SMALL)
    assert set(counts) == set(EXTRACTS)
    for extract, count in counts.items():
        assert count == len(all_rows(landing, extract)) > 0, extract


@pytest.mark.parametrize("extract", sorted(EXTRACTS))
def test_every_extract_lands_in_the_contract(landing: Path, extract: str) -> None:
    contract = EXTRACTS[extract]
    files = sorted((landing / extract).iterdir())
    assert files, f"no file for {extract}"
    pattern = re.compile(
        rf"^{extract}_\d{{4}}-\d{{2}}-\d{{2}}(_\d+)?\.(csv|csv\.gz|parquet|jsonl)$"
    )
    timestamp_columns = [c.name for c in contract.columns if c.type == TIMESTAMP]
    for path in files:
        assert pattern.match(path.name), path.name
        header, rows = read_rows(path)
        assert header == list(contract.column_names), path.name
        assert rows, path.name
        for row in rows:
            for column in timestamp_columns:
                value = ts(row[column])
                assert value is None or value.tzinfo is not None, (path.name, column, row[column])


def test_each_format_is_used(landing: Path) -> None:
    suffixes = {"".join(p.suffixes) for p in landing.rglob("*") if p.is_file()}
    # Suffixes of 'acd_contacts_2026-03-27.csv' are ['.csv']; the date has no dot.
    assert suffixes == {".csv", ".csv.gz", ".parquet", ".jsonl"}


def test_contact_rows_follow_the_source_rules(landing: Path) -> None:
    rows = all_rows(landing, "acd_contacts")
    reasons = {r["end_reason"] for r in rows}
    assert {"completed", "abandoned", "transferred"} <= reasons
    for r in rows:
        arrived, queued, answered, ended = (
            ts(r[c]) for c in ("arrived_at", "queued_at", "answered_at", "ended_at")
        )
        assert r["contact_id"] and r["updated_at"]
        if queued:
            assert arrived <= queued <= ended
        if answered:
            assert queued <= answered <= ended
            assert r["agent_id"]
            # talk + hold is the connected time; acw follows the end of the segment.
            assert (
                int(r["talk_seconds"]) + int(r["hold_seconds"])
                == (ended - answered).total_seconds()
            )
        else:
            assert r["agent_id"] is None and r["talk_seconds"] is None
        if r["end_reason"] == "abandoned":
            assert answered is None
        if r["end_reason"] == "transferred":
            assert r["transfer_to_queue_id"]
        for column in ("talk_seconds", "hold_seconds", "acw_seconds"):
            if r[column] is not None:
                assert 0 <= int(r[column]) < 86_400


def test_transfer_starts_a_segment_in_the_target_queue(landing: Path) -> None:
    rows = {r["contact_id"]: r for r in all_rows(landing, "acd_contacts")}
    transferred = [r for r in rows.values() if r["end_reason"] == "transferred"]
    assert transferred
    for prev in transferred:
        (nxt,) = [r for r in rows.values() if r["previous_contact_id"] == prev["contact_id"]]
        assert nxt["initial_contact_id"] == prev["initial_contact_id"]
        assert nxt["queue_id"] == prev["transfer_to_queue_id"]
        assert ts(nxt["queued_at"]) == ts(prev["ended_at"])


def test_agent_states_match_the_contacts_and_never_overlap(landing: Path) -> None:
    states = all_rows(landing, "acd_agent_states")
    by_agent: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for s in states:
        by_agent[s["agent_id"]].append((ts(s["started_at"]), ts(s["ended_at"]), s["state"]))
    on_contact = {
        (a, start, end)
        for a, spans in by_agent.items()
        for start, end, st in spans
        if st == "on_contact"
    }
    answered = [r for r in all_rows(landing, "acd_contacts") if r["answered_at"]]
    assert answered
    for r in answered:
        assert (r["agent_id"], ts(r["answered_at"]), ts(r["ended_at"])) in on_contact, r[
            "contact_id"
        ]
    for agent, spans in by_agent.items():
        spans.sort()
        for (_, end, _), (start, _, _) in zip(spans, spans[1:], strict=False):
            assert end == start, agent  # no overlap and no gap: the states tile the day
        for start, end, _ in spans:
            assert start < end


def test_states_tile_each_local_day_including_the_23_hour_dst_day(landing: Path) -> None:
    queues = {q["queue_id"]: q["timezone"] for q in all_rows(landing, "acd_queues")}
    primary = {a["agent_id"]: a["primary_queue_id"] for a in all_rows(landing, "hr_agents")}
    berlin_agent = next(a for a, q in primary.items() if queues[q] == "Europe/Berlin")
    path = landing / "acd_agent_states" / "acd_agent_states_2026-03-29.csv.gz"
    spans = [
        (ts(s["started_at"]), ts(s["ended_at"]))
        for s in read_rows(path)[1]
        if s["agent_id"] == berlin_agent
    ]
    total = sum((end - start).total_seconds() for start, end in spans)
    # 2026-03-29 in Berlin runs 00:00+01:00 to 24:00+02:00: 24 h minus the skipped hour.
    assert total == 23 * 3600


def test_a_dst_queue_and_its_transition_day_are_in_range(landing: Path) -> None:
    timezones = {q["timezone"] for q in all_rows(landing, "acd_queues")}
    assert len(timezones) >= 2
    days = [START + timedelta(days=i) for i in range(SMALL["days"])]

    def hours(day: date, tz: str) -> float:
        begin = datetime.combine(day, datetime.min.time(), ZoneInfo(tz))
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), ZoneInfo(tz))
        return (end.timestamp() - begin.timestamp()) / 3600  # aware '-' in one zone is wall time

    assert any(hours(d, tz) != 24 for d in days for tz in timezones)


def test_some_answered_contact_waits_exactly_the_threshold_of_its_day(landing: Path) -> None:
    rows = all_rows(landing, "acd_contacts")
    q01 = [r for r in rows if r["queue_id"] == "Q01" and r["answered_at"]]
    waits = {
        (ts(r["queued_at"]).date(), (ts(r["answered_at"]) - ts(r["queued_at"])).total_seconds())
        for r in q01
    }
    # Q01 is voice (threshold 20 s) and moves to 30 s from the second day.
    assert (START, 20) in waits
    assert (START + timedelta(days=1), 30) in waits


def test_queue_settings_change_as_a_new_version(landing: Path) -> None:
    versions = sorted(
        (ts(q["updated_at"]), q["sl_threshold_seconds"])
        for q in all_rows(landing, "acd_queues")
        if q["queue_id"] == "Q01"
    )
    assert [v[1] for v in versions] == ["20", "30"]
    # The change is valid from local midnight of the second day in Berlin (UTC+1 before DST).
    assert versions[1][0] == datetime.fromisoformat("2026-03-28T00:00:00+01:00")


def test_redelivery_corrects_day_one_contacts(landing: Path) -> None:
    first = {
        r["contact_id"]: r
        for r in read_rows(landing / "acd_contacts" / f"acd_contacts_{START}.csv")[1]
    }
    _, again = read_rows(landing / "acd_contacts" / f"acd_contacts_{START}_2.csv")
    assert again
    for r in again:
        before = first[r["contact_id"]]
        assert ts(r["updated_at"]) > ts(before["updated_at"])
        assert r["wrap_code"] != before["wrap_code"]
        assert {k: v for k, v in r.items() if k not in ("wrap_code", "updated_at")} == {
            k: v for k, v in before.items() if k not in ("wrap_code", "updated_at")
        }


def test_free_text_survives_in_several_scripts(landing: Path) -> None:
    comments = " ".join(r["comment"] or "" for r in all_rows(landing, "survey_responses"))
    scripts = {
        "cjk": re.search(r"[\u4e00-\u9fff]", comments),
        "arabic": re.search(r"[\u0600-\u06ff]", comments),
        "cyrillic": re.search(r"[\u0400-\u04ff]", comments),
    }
    assert all(scripts.values()), scripts
