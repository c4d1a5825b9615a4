"""The sample data generator: deterministic, in the landing contract, internally consistent."""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import random
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest

from orchestration.lib.contract import EXTRACTS, TIMESTAMP
from orchestration.lib.duck import connect
from orchestration.lib.generate import generate
from orchestration.lib.sample.clock import UTC_STAMPS, Stamps, format_ts
from orchestration.lib.sample.contacts import ContactCenter
from orchestration.lib.sample.customers import CustomerBase
from orchestration.lib.sample.queues import Queue
from orchestration.lib.sample.simulator import CLOSE_AFTER_DAYS, Simulation, SimulationSize
from orchestration.lib.sample.writers import ContractMismatchError, LandingWriter, LateRowError

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


# --- the simulator at a realistic size: 40 agents over four weeks ------------------------
CENTRE = {"days": 28, "agents": 40, "queues": 4, "seed": 5, "start": date(2026, 4, 6)}


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("centre")
    generate(out, **CENTRE)
    return out


def query(landing: Path, sql: str) -> list[tuple]:
    """Run SQL with {contacts}, {surveys}, {agents}, {schedules} as views on the landed files."""
    con = connect(":memory:")
    for view, extract in (
        ("contacts", "acd_contacts"),
        ("surveys", "survey_responses"),
        ("agents", "hr_agents"),
        ("schedules", "wfm_schedules"),
    ):
        con.execute(
            f"create view {view} as select * from read_csv("
            f"'{landing}/{extract}/*.csv', all_varchar = true)"
        )
    con.execute(
        "create view states as select * from read_csv("
        f"'{landing}/acd_agent_states/*.csv.gz', all_varchar = true)"
    )
    return con.execute(sql).fetchall()


def _queue(channel: str = "voice", purpose: str = "service") -> Queue:
    return Queue("Q01", "Test", channel, purpose, "Europe/Berlin", 20)


def _centre(rng_seed: int, queue: Queue) -> ContactCenter:
    customers = CustomerBase(random.Random(1), 100, START, 1, new_per_day=2)
    return ContactCenter(random.Random(rng_seed), [queue], customers, lambda s: None, START)


def test_arrivals_follow_the_intraday_curve() -> None:
    queue = _queue()
    opens = 1_800_000_000  # any epoch: half hours are counted from opening time
    times = _centre(3, queue).arrival_times(queue, START, 47_500, opens)
    per_half_hour = [0] * 26
    for t in times:
        per_half_hour[(t - opens) // 1800] += 1
    # Voice weights sum to 23.75; 10:30 weighs 1.45, 20:30 weighs 0.25, so of 47,500 arrivals
    # 47,500 * 1.45 / 23.75 = 2,900 (Poisson sd 54) and 47,500 * 0.25 / 23.75 = 500 (sd 22).
    assert abs(per_half_hour[5] - 2_900) < 5 * 54
    assert abs(per_half_hour[25] - 500) < 5 * 22
    # The first ten half hours (08:00-13:00) weigh 11.40 of 23.75: 48 % of the day.
    assert abs(sum(per_half_hour[:10]) / len(times) - 0.48) < 0.01
    assert times == sorted(times)


def test_patience_is_exponential_with_a_few_immediate_hang_ups() -> None:
    centre = _centre(9, _queue())
    draws = [centre._patience("voice") for _ in range(40_000)]
    # 4 % hang up within 1-4 s; the rest wait 1 + Exp(mean 180 s): P(patience > 180 s)
    # = 0.96 * exp(-179 / 180) = 0.3551 (sd of the share over 40,000 draws: 0.0024).
    assert abs(sum(d > 180 for d in draws) / len(draws) - 0.3551) < 0.01
    assert (
        abs(sum(d < 5 for d in draws) / len(draws) - (0.04 + 0.96 * (1 - math.exp(-4 / 180))))
        < 0.005
    )
    assert centre._patience("email") == math.inf


def test_abandonment_rises_with_the_wait(centre: Path) -> None:
    rows = query(
        centre,
        """
        with voice as (
            select
                queue_id,
                time_bucket(interval 30 minute, cast(queued_at as timestamptz)) as half_hour,
                end_reason,
                epoch(cast(answered_at as timestamptz)) - epoch(cast(queued_at as timestamptz))
                    as wait
            from contacts
            where channel = 'voice' and direction = 'inbound' and queued_at is not null
        ),
        intervals as (
            select queue_id, half_hour, avg(wait) as asa,
                avg(case when end_reason = 'abandoned' then 1 else 0 end) as abandon_rate,
                count(*) as offered
            from voice group by all having count(*) >= 5
        )
        select ntile(4) over (order by asa) as quartile, abandon_rate, offered from intervals
        """,
    )
    by_quartile: dict[int, list[float]] = defaultdict(list)
    for quartile, rate, _ in rows:
        by_quartile[quartile].append(rate)
    mean = {q: sum(v) / len(v) for q, v in by_quartile.items()}
    # Erlang-A: with exponential patience (mean 180 s) a customer offered a wait w abandons
    # with probability 1 - exp(-w/180), so half hours with longer waits lose more customers.
    # At near-zero waits only the 4 % who hang up at once abandon, whatever the wait.
    short_waits = (mean[1] + mean[2]) / 2
    assert short_waits < mean[3] < mean[4]
    assert mean[4] > 3 * short_waits


def test_volume_follows_the_day_of_week(centre: Path) -> None:
    rows = dict(
        query(
            centre,
            """
            select dayofweek(cast(queued_at as timestamptz)), count(*) from contacts
            where queue_id = 'Q01' and contact_id = initial_contact_id
            group by all
            """,
        )
    )
    # Voice weighs Monday 1.30 and Sunday 0.40: the rota (and so the forecast) puts about
    # 1.30 / 0.40 = 3.25 times as many agent-days on a Monday.
    assert rows[1] > 2 * rows[0]  # DuckDB: 0 = Sunday, 1 = Monday


def test_repeat_contacts_come_back_to_the_same_queue(centre: Path) -> None:
    (total, repeats, same_queue) = query(
        centre,
        """
        with initial as (
            select customer_id, queue_id, cast(queued_at as timestamptz) as queued
            from contacts
            where contact_id = initial_contact_id and direction = 'inbound'
                and customer_id is not null and queued_at is not null
        ),
        paired as (
            select *, lag(queued) over w as previous_at, lag(queue_id) over w as previous_queue
            from initial window w as (partition by customer_id order by queued)
        )
        select count(*),
            count(*) filter (where queued - previous_at < interval 7 day),
            count(*) filter (
                where queued - previous_at < interval 7 day and queue_id = previous_queue
            )
        from paired
        """,
    )[0]
    # Fresh contacts come from customers silent for a week, so a contact within 7 days of the
    # last is a redial or the repeat of an unresolved issue: about (1 - 0.66..0.86) * 0.7 of the
    # answered ones plus 45 % of the abandoned ones, all to the same queue.
    assert 0.05 < repeats / total < 0.3
    assert same_queue / repeats > 0.95


def test_survey_scores_fall_with_waiting_and_transfers(centre: Path) -> None:
    rows = dict(
        query(
            centre,
            """
            with contact as (
                select initial_contact_id,
                    bool_or(end_reason = 'transferred') as transferred,
                    sum(epoch(cast(coalesce(answered_at, ended_at) as timestamptz))
                        - epoch(cast(queued_at as timestamptz))) as wait
                from contacts group by all
            )
            select case when transferred then 'transferred'
                        when wait <= 20 then 'short wait'
                        when wait >= 600 then 'long wait' end as kind,
                avg(cast(csat as double))
            from surveys join contact on surveys.contact_id = contact.initial_contact_id
            where survey_type = 'post_contact' and csat is not null
            group by all
            """,
        )
    )
    # Satisfaction loses 0.35 at a 10-minute wait and 0.12 per transfer; CSAT = 1 + 4 *
    # satisfaction, so a long wait costs 1.4 points and a transfer about 0.5.
    assert rows["long wait"] < rows["short wait"] - 1.0
    assert rows["transferred"] < rows["short wait"] - 0.3


def test_people_change_and_shifts_have_breaks(centre: Path) -> None:
    (hires, leavers) = query(
        centre,
        f"""
        select count(distinct agent_id) filter (where hired_at >= '{CENTRE["start"]}'),
            count(distinct agent_id) filter (where terminated_at is not null)
        from agents
        """,
    )[0]
    assert hires >= 1 and leavers >= 1  # the scripted leaver is replaced the day after
    activities = {a for (a,) in query(centre, "select distinct activity from schedules")}
    assert {"work", "break", "lunch", "training"} <= activities
    reasons = {r for (r,) in query(centre, "select distinct reason_code from states")}
    assert {"break", "lunch", "training"} <= reasons


def test_streaming_keeps_few_files_open_however_long_the_range(tmp_path: Path) -> None:
    opened: list[int] = []

    class Watching(LandingWriter):
        def close_before(self, on: date) -> None:
            super().close_before(on)
            opened.append(self.open_files())

    size = SimulationSize(days=21, agents=8, queues=4, seed=2, start=START)
    simulation = Simulation(tmp_path, size)
    simulation.writer = Watching(tmp_path)
    simulation.run()
    files = sum(1 for p in tmp_path.rglob("*") if p.is_file())
    # Files of a date close CLOSE_AFTER_DAYS (4) days later: at most ~6 dates x 14 extracts
    # stay open at once, while 21 days write many more files than that.
    assert max(opened) <= 14 * (CLOSE_AFTER_DAYS + 2) < files


def test_a_row_for_a_closed_file_fails_loudly(tmp_path: Path) -> None:
    writer = LandingWriter(tmp_path)
    writer.row("finance_costs", START, ["2026-03", "Leipzig", "other", "1.00", "EUR"])
    writer.close_before(START + timedelta(days=1))
    with pytest.raises(LateRowError):
        writer.row("finance_costs", START, ["2026-03", "Porto", "other", "1.00", "EUR"])
    with pytest.raises(ContractMismatchError):
        writer.row("finance_costs", START + timedelta(days=1), ["2026-03"])


def test_a_longer_range_is_deterministic_across_file_closes(tmp_path: Path) -> None:
    args = {"days": 9, "agents": 6, "queues": 2, "seed": 3, "start": START}
    generate(tmp_path / "a", **args)
    generate(tmp_path / "b", **args)
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
            assert path.read_bytes() == twin.read_bytes(), path.name


def test_stamps_format_like_isoformat_across_a_dst_change() -> None:
    berlin = Stamps("Europe/Berlin")
    # 2026-03-29 01:00 UTC: Berlin jumps from +01:00 to +02:00.
    for epoch in range(1_774_740_000, 1_774_752_000, 97):
        assert berlin(epoch) == format_ts(epoch, "Europe/Berlin")
        assert UTC_STAMPS(epoch) == format_ts(epoch)
    assert Stamps("Asia/Tehran")(1_774_746_000) == "2026-03-29T04:30:00+03:30"
