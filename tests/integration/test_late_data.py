"""Late and corrected deliveries: an incremental run recomputes only the dates the new files
touch (docs/decisions.md "Late and corrected data"), and its marts equal those of a pipeline
that built everything from scratch over the same landed files."""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
import shutil
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from orchestration.lib.config import PROJECT_ROOT
from orchestration.lib.duck import connect
from orchestration.lib.publish import current_version, read_manifest
from orchestration.lib.quarantine import SHARE_ENV
from tests.integration.conftest import START, Pipeline, assert_ran, make_pipeline
from tests.integration.test_run_safety import RUN_COLUMNS, content_hashes

# Published tables that log runs rather than derive from the landed data.
RUN_LOG_TABLES = {"dq_run_log"}
REPORTING_TIMEZONE = ZoneInfo("UTC")  # dbt var reporting_timezone, default
DELIVERY = re.compile(r"_\d{4}-\d{2}-\d{2}(?:_(\d+))?\.")  # <extract>_<date>[_<seq>].<ext>


def read_landed(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def landed_rows(landing: Path, extract: str) -> list[dict[str, str]]:
    return [row for path in sorted((landing / extract).iterdir()) for row in read_landed(path)[1]]


def redeliver(landing: Path, extract: str, day: date, header: list[str], rows: list[dict]) -> Path:
    """Write rows as the next re-delivery <extract>_<day>_<seq>.csv of that business date."""
    names = [p.name for p in (landing / extract).glob(f"{extract}_{day.isoformat()}*")]
    seqs = [int(m.group(1) or 1) for m in map(DELIVERY.search, names) if m]
    path = landing / extract / f"{extract}_{day.isoformat()}_{max(seqs, default=1) + 1}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def later(text: str, seconds: int) -> str:
    return (instant(text) + timedelta(seconds=seconds)).isoformat()


def single_delivery_keys(landing: Path, extract: str, key: list[str]) -> set[tuple[str, ...]]:
    counts: dict[tuple[str, ...], int] = {}
    for row in landed_rows(landing, extract):
        k = tuple(row[c].strip() for c in key)
        counts[k] = counts.get(k, 0) + 1
    return {k for k, n in counts.items() if n == 1}


def quarantined_keys(pipeline: Pipeline, extract: str) -> set[str]:
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        rows = con.execute("select key from dq_quarantine where extract = ?", [extract]).fetchall()
    return {row[0] for row in rows}


LATE_CONTACT = "LATE0001"  # the contact land_contact_corrections delivers late
LATE_EVALUATION = "QA-LATE0001"


BAD_PRIORITY = "whenever"  # not one of crm_cases' priorities: rule value_not_in_set


LATE_CASE = "CASE-LATE0001"


def land_case_version(landing: Path, day: date, priority: str, version: int) -> None:
    """A re-delivery of `day` with LATE_CASE, a copy of the day's first case with `priority`,
    updated `version` hours after the copied row."""
    header, rows = read_landed(next((landing / "crm_cases").glob(f"crm_cases_{day}.*")))
    case = dict(rows[0], case_id=LATE_CASE, priority=priority)
    case["updated_at"] = later(rows[0]["updated_at"], 3600 * version)
    redeliver(landing, "crm_cases", day, header, [case])


def case_quarantine(pipeline: Pipeline) -> list[tuple]:
    """The published dq_quarantine rows of LATE_CASE: (rule, is_resolved)."""
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        return con.execute(
            "select rule, is_resolved from dq_quarantine where extract = 'crm_cases' and key = ?",
            [LATE_CASE],
        ).fetchall()


def land_early_evaluation(landing: Path, day: date) -> None:
    """A QA re-delivery of `day` evaluating LATE_CONTACT, which acd_contacts delivers only later
    (land_contact_corrections): the evaluation lands before its contact does."""
    source = next((landing / "qa_evaluations").glob(f"qa_evaluations_{day}.*"))
    target = landing / "qa_evaluations" / f"qa_evaluations_{day}_2.parquet"
    with closing(connect(":memory:")) as con:
        con.execute(
            f"""
            copy (
                select * replace (? as evaluation_id, ? as contact_id)
                from read_parquet('{source}')
                limit 1
            ) to '{target}' (format parquet)
            """,
            [LATE_EVALUATION, LATE_CONTACT],
        )


def late_evaluation(pipeline: Pipeline) -> tuple:
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        return con.execute(
            "select contact_at, queue_id from fct_qa_evaluations where evaluation_id = ?",
            [LATE_EVALUATION],
        ).fetchone()


CONTACT_INSTANTS = ("arrived_at", "queued_at", "answered_at", "ended_at")


def usable_contacts(pipeline: Pipeline, day: date) -> tuple[list[str], list[dict[str, str]]]:
    """The header of `day`'s landed acd_contacts file and its rows a test can correct or copy:
    delivered once, not quarantined, inbound and queued (so in fct_contact_segments, whose
    latest arrival fcr_finality reads)."""
    landing = pipeline.paths.landing_dir
    header, rows = read_landed(next((landing / "acd_contacts").glob(f"acd_contacts_{day}.*")))
    once = single_delivery_keys(landing, "acd_contacts", ["contact_id"])
    bad = quarantined_keys(pipeline, "acd_contacts")
    usable = [
        r
        for r in rows
        if (r["contact_id"],) in once
        and r["contact_id"] not in bad
        and r["direction"] == "inbound"
        and r["queue_id"]
        and r["queued_at"]
    ]
    return header, usable


def land_far_contact(pipeline: Pipeline, source_day: date, shift: timedelta, version: int) -> date:
    """Delivers contact FAR0001, a copy of an answered inbound contact of `source_day` with a
    known customer, its instants moved by `shift`, as a delivery of the business date
    source_day + 12 days (`version` n: updated n hours after the copied row). Returns that date."""
    header, usable = usable_contacts(pipeline, source_day)
    source = next(r for r in usable if r["answered_at"] and r["customer_id"])
    far = dict(source, contact_id="FAR0001", initial_contact_id="FAR0001", previous_contact_id="")
    for column in CONTACT_INSTANTS:
        if far[column]:
            far[column] = (instant(far[column]) + shift).isoformat()
    far["updated_at"] = later(source["updated_at"], 3600 * version)
    day = source_day + timedelta(days=12)
    redeliver(pipeline.paths.landing_dir, "acd_contacts", day, header, [far])
    return day


def fcr_finality(pipeline: Pipeline) -> tuple[int, int]:
    """Published fct_contacts: the contacts whose FCR window has closed, and those whose
    is_fcr_final disagrees with their window end and the latest arrival of a queued segment
    (the data watermark when that segment is the latest of all)."""
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        return con.execute(
            """
            select
                count(*) filter (where is_fcr_final),
                count(*) filter (
                    where is_fcr_final != coalesce(fcr_window_ends_at <= watermark, false)
                )
            from fct_contacts
            cross join (select max(arrived_at) as watermark from fct_contact_segments)
            """
        ).fetchone()


def land_contact_corrections(pipeline: Pipeline, day: date) -> list[str]:
    """A re-delivery of `day`'s acd_contacts: one answered contact now transferred, one answered
    now abandoned, one abandoned now answered, and a contact never delivered before. Returns
    the contact ids."""
    header, usable = usable_contacts(pipeline, day)
    completed = [r for r in usable if r["answered_at"] and r["end_reason"] == "completed"]
    abandoned = [r for r in usable if r["end_reason"] == "abandoned"]
    transferred, now_abandoned, now_answered = completed[0], completed[1], abandoned[0]
    new_contact = dict(transferred, contact_id=LATE_CONTACT, initial_contact_id=LATE_CONTACT)
    new_contact["previous_contact_id"] = ""
    answered_at = later(now_answered["queued_at"], 5)
    corrections = [
        dict(transferred, end_reason="transferred", transfer_to_queue_id=transferred["queue_id"]),
        dict(
            now_abandoned,
            answered_at="",
            ended_at=now_abandoned["answered_at"],
            agent_id="",
            talk_seconds="",
            hold_seconds="",
            acw_seconds="",
            wrap_code="",
            end_reason="abandoned",
        ),
        dict(
            now_answered,
            answered_at=answered_at,
            ended_at=later(answered_at, 180),
            agent_id=transferred["agent_id"],
            talk_seconds="150",
            hold_seconds="0",
            acw_seconds="30",
            end_reason="completed",
        ),
        new_contact,
    ]
    for row in corrections:
        row["updated_at"] = later(row["updated_at"], 3600)
    redeliver(pipeline.paths.landing_dir, "acd_contacts", day, header, corrections)
    return [row["contact_id"] for row in corrections]


def land_state_correction(pipeline: Pipeline, day: date) -> tuple[str, str, str]:
    """A re-delivery of one of `day`'s agent states S, now ending a minute after the next state L
    of the agent starts: L then starts inside S and is quarantined (overlapping_interval). L is
    chosen to cross midnight in the reporting timezone when one does. Returns (agent, S start,
    L start) as landed."""
    landing = pipeline.paths.landing_dir
    header, rows = read_landed(next((landing / "acd_agent_states").glob(f"*_{day}.*")))
    once = single_delivery_keys(landing, "acd_agent_states", ["agent_id", "started_at"])
    pairs = [
        (s, n)
        for s in rows
        for n in rows
        if s["agent_id"] == n["agent_id"]
        and s["ended_at"]
        and n["ended_at"]
        and instant(s["ended_at"]) == instant(n["started_at"])
        and (s["agent_id"], s["started_at"]) in once
    ]
    crossing = [
        p for p in pairs if reporting_day(p[1]["started_at"]) != reporting_day(p[1]["ended_at"])
    ]
    state, following = sorted(
        crossing or pairs, key=lambda p: (p[0]["agent_id"], p[0]["started_at"])
    )[0]
    corrected = dict(state, ended_at=later(following["started_at"], 60))
    corrected["updated_at"] = later(state["updated_at"], 60)
    redeliver(landing, "acd_agent_states", day, header, [corrected])
    return state["agent_id"], state["started_at"], following["started_at"]


def land_primary_queue_change(pipeline: Pipeline, day: date) -> tuple[str, str]:
    """A re-delivery of one agent's hr_agents row (delivered once, not quarantined, staffed for
    a queue) moving it to another queue. Returns (agent, new queue)."""
    landing = pipeline.paths.landing_dir
    rows = landed_rows(landing, "hr_agents")
    header = read_landed(sorted((landing / "hr_agents").iterdir())[0])[0]
    once = single_delivery_keys(landing, "hr_agents", ["agent_id"])
    bad = quarantined_keys(pipeline, "hr_agents")
    queues = sorted({row["primary_queue_id"] for row in rows if row["primary_queue_id"]})
    agent = sorted(
        (row for row in rows if (row["agent_id"],) in once and row["agent_id"] not in bad),
        key=lambda row: row["agent_id"],
    )
    moved = next(row for row in agent if row["primary_queue_id"])
    queue = next(q for q in queues if q != moved["primary_queue_id"])
    changed = dict(moved, primary_queue_id=queue, updated_at=later(moved["updated_at"], 60))
    redeliver(landing, "hr_agents", day, header, [changed])
    return moved["agent_id"], queue


def staffed_queues(pipeline: Pipeline) -> dict[str, str]:
    with closing(connect(pipeline.paths.warehouse_path, read_only=True)) as con:
        rows = con.execute(
            "select agent_id, primary_queue_id from staging.stg_hr__agents"
        ).fetchall()
    return dict(rows)


def reporting_day(text: str) -> date:
    return instant(text).astimezone(REPORTING_TIMEZONE).date()


def days_between(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def queue_timezones(pipeline: Pipeline) -> dict[str, str]:
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        rows = con.execute("select queue_id, timezone from dim_queues where is_current").fetchall()
    return dict(rows)


def affected_dates(pipeline: Pipeline) -> dict[str, set[date]]:
    with closing(connect(pipeline.paths.warehouse_path, read_only=True)) as con:
        rows = con.execute(
            "select date_scope, affected_date from intermediate.int_dates_affected"
        ).fetchall()
    dates: dict[str, set[date]] = {"queue_local": set(), "reporting": set()}
    for scope, day in rows:
        dates[scope].add(day)
    return dates


def affected_keys(pipeline: Pipeline, model: str, column: str) -> set[str]:
    with closing(connect(pipeline.paths.warehouse_path, read_only=True)) as con:
        rows = con.execute(f"select {column} from intermediate.{model}").fetchall()
    return {row[0] for row in rows}


def expected_fcr_scope(landing: Path, contact_ids: list[str]) -> tuple[set[str], set[str]]:
    """The initial contacts named by any delivery of the corrected contacts, and every customer
    named by any delivery of any segment of those initial contacts (docs/decisions.md)."""
    rows = landed_rows(landing, "acd_contacts")

    def initial(row: dict[str, str]) -> str:
        return row["initial_contact_id"].strip() or row["contact_id"].strip()

    contacts = {initial(row) for row in rows if row["contact_id"].strip() in contact_ids}
    customers = {
        row["customer_id"].strip()
        for row in rows
        if initial(row) in contacts and row["customer_id"].strip()
    }
    return contacts, customers


def materialize_partition(pipeline: Pipeline, partition: date) -> str:
    """The nightly job: one partition, every asset, the cli's environment."""
    env = dict(pipeline.env, CALLSCOPE_WAREHOUSE_PATH=str(pipeline.paths.warehouse_path))
    dagster = str(Path(sys.executable).with_name("dagster"))
    command = [dagster, "asset", "materialize", "-m", "orchestration.definitions", "--select"]
    command += ["*", "--partition", partition.isoformat()]
    result = subprocess.run(
        command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900
    )
    assert_ran(result)
    return result.stdout + result.stderr


def assert_incremental(run_output: str) -> None:
    """The plan the dbt step logged (orchestration/lib/incremental.py). A full refresh here means
    the dbt project changed while the test ran, or the plan is wrong."""
    plans = [line for line in run_output.splitlines() if "dbt build: " in line]
    assert plans, run_output[-4000:]
    assert "dbt build: incremental" in plans[-1], plans[-1]


def last_cli_log(pipeline: Pipeline) -> str:
    return sorted((pipeline.paths.data_dir / "logs").glob("run-*.log"))[-1].read_text()


def fresh_full_build(landing: Path, root: Path) -> Pipeline:
    pipeline = make_pipeline(root)
    shutil.copytree(landing, pipeline.paths.landing_dir)
    assert_ran(pipeline.run())
    return pipeline


def table_rows(path: Path, table: str) -> tuple[list[str], list[tuple]]:
    with closing(connect(path, read_only=True)) as con:
        described = [(r[0], r[1]) for r in con.execute(f"describe {table}").fetchall()]
        exact = [name for name, kind in described if name not in RUN_COLUMNS and kind != "DOUBLE"]
        floats = [name for name, kind in described if kind == "DOUBLE"]
        columns = exact + floats
        rows = con.execute(f"select {', '.join(columns)} from {table}").fetchall()

    def order(row: tuple) -> tuple:
        rounded = tuple("" if v is None else f"{v:.6g}" for v in row[len(exact) :])
        return tuple(str(v) for v in row[: len(exact)]) + rounded

    return columns[len(exact) :], sorted(rows, key=order)


def assert_same_up_to_float_rounding(incremental: Path, full: Path, table: str) -> None:
    """Sums of doubles depend on the order rows are added in, and an incremental table holds its
    rows in another order than a rebuilt one: doubles may differ in the last bits, nothing else."""
    floats, mine = table_rows(incremental, table)
    _, theirs = table_rows(full, table)
    assert len(mine) == len(theirs), table
    n_exact = len(mine[0]) - len(floats) if mine else 0
    for a, b in zip(mine, theirs, strict=True):
        assert a[:n_exact] == b[:n_exact], (table, a, b)
        for name, x, y in zip(floats, a[n_exact:], b[n_exact:], strict=True):
            same = x == y or (
                x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
            )
            assert same, (table, name, x, y)


def assert_same_marts(incremental: Pipeline, full: Pipeline) -> None:
    mine = content_hashes(incremental.paths.published_path)
    theirs = content_hashes(full.paths.published_path)
    assert mine.keys() == theirs.keys()
    for table in sorted(mine.keys() - RUN_LOG_TABLES):
        if mine[table] != theirs[table]:
            assert_same_up_to_float_rounding(
                incremental.paths.published_path, full.paths.published_path, table
            )


def test_late_corrections_recompute_only_their_dates_and_match_a_full_refresh(
    tmp_path: Path, generated_landing: Path
) -> None:
    pipeline = make_pipeline(tmp_path / "incremental")
    shutil.copytree(generated_landing, pipeline.paths.landing_dir)
    land_early_evaluation(pipeline.paths.landing_dir, START)
    # A rejected update of a case, corrected in step 1. One of a day's few cases: the quarantine
    # gate must let it publish.
    land_case_version(pipeline.paths.landing_dir, START, BAD_PRIORITY, version=1)
    pipeline.env[SHARE_ENV] = "0.5"
    assert_ran(pipeline.run())  # the first build is a full one
    assert late_evaluation(pipeline) == (None, None)  # its contact has not landed yet
    assert case_quarantine(pipeline) == [("value_not_in_set", False)]
    before = content_hashes(pipeline.paths.published_path)
    timezones = queue_timezones(pipeline)
    last_day = START + timedelta(days=2)

    # 1. Nightly-style: a corrected re-delivery of day 1's contacts, materialized for day 1 only.
    contact_ids = land_contact_corrections(pipeline, START)
    land_case_version(pipeline.paths.landing_dir, START, "high", version=2)
    assert_incremental(materialize_partition(pipeline, START))
    # The correction resolves the rejected row of an older file (dq_quarantine writes again the
    # rows of every delivery of a touched key).
    assert case_quarantine(pipeline) == [("value_not_in_set", True)]
    # Expected: the queue-local day of queued_at of every delivery of the four contacts, in
    # their queue's timezone (old and new versions alike); no agent state or schedule changed.
    expected_local_days = {
        instant(row["queued_at"]).astimezone(ZoneInfo(timezones[row["queue_id"]])).date()
        for row in landed_rows(pipeline.paths.landing_dir, "acd_contacts")
        if row["contact_id"] in contact_ids
    }
    assert affected_dates(pipeline) == {"queue_local": expected_local_days, "reporting": set()}
    assert last_day not in expected_local_days  # the other days' rows were left as they were
    # The FCR window: the corrected contacts' initial contacts and all their customers.
    contacts, customers = expected_fcr_scope(pipeline.paths.landing_dir, contact_ids)
    assert affected_keys(pipeline, "int_contacts_affected", "initial_contact_id") == contacts
    assert affected_keys(pipeline, "int_customers_affected", "customer_id") == customers
    assert customers  # the late contact LATE0001 belongs to a known customer
    # The evaluation that landed before its contact is attributed to it now (fct_qa_evaluations
    # scores again the evaluations of the run's contacts, not only the run's evaluations).
    late_contact = next(
        row
        for row in landed_rows(pipeline.paths.landing_dir, "acd_contacts")
        if row["contact_id"] == LATE_CONTACT
    )
    assert late_evaluation(pipeline) == (
        instant(late_contact["answered_at"]),
        late_contact["queue_id"],
    )
    after_contacts = content_hashes(pipeline.paths.published_path)
    assert after_contacts["kpi_queue_daily"] != before["kpi_queue_daily"]
    assert_same_marts(pipeline, fresh_full_build(pipeline.paths.landing_dir, tmp_path / "full1"))

    # 2. The whole landed range again (make run): every file is re-ingested, only the new one
    # (an agent state of day 2 stretched over the start of the next state) counts as new.
    agent, state_start, following_start = land_state_correction(pipeline, START + timedelta(1))
    assert_ran(pipeline.run())
    assert_incremental(last_cli_log(pipeline))
    # Expected: the reporting days of every delivery of the stretched state and of the state
    # it now overlaps (which the overlapping_interval rule quarantines), start day to end day.
    expected_reporting_days = set().union(
        *(
            days_between(reporting_day(row["started_at"]), reporting_day(row["ended_at"]))
            for row in landed_rows(pipeline.paths.landing_dir, "acd_agent_states")
            if row["agent_id"] == agent and row["started_at"] in (state_start, following_start)
        )
    )
    assert affected_dates(pipeline) == {"queue_local": set(), "reporting": expected_reporting_days}
    assert following_start in {
        key.split(" | ")[1] for key in quarantined_keys(pipeline, "acd_agent_states")
    }
    assert_same_marts(pipeline, fresh_full_build(pipeline.paths.landing_dir, tmp_path / "full2"))

    # 3. An agent moves to another primary queue: staffing re-attributes its past states, on
    # days no new state or contact touches (macros/staffing_scope.sql).
    before_move = content_hashes(pipeline.paths.published_path)
    agent, queue = land_primary_queue_change(pipeline, last_day)
    assert_incremental(materialize_partition(pipeline, last_day))
    assert staffed_queues(pipeline)[agent] == queue
    assert affected_dates(pipeline) == {"queue_local": set(), "reporting": set()}
    after_move = content_hashes(pipeline.paths.published_path)
    assert after_move["kpi_staffing_interval"] != before_move["kpi_staffing_interval"]
    assert_same_marts(pipeline, fresh_full_build(pipeline.paths.landing_dir, tmp_path / "full3"))

    # 4. A contact twelve days after the rest moves the data watermark past every FCR window
    # (fcr_window_days 7): contacts that no row of the run touches become final in place.
    assert fcr_finality(pipeline) == (0, 0)  # three days of data: no window has closed
    far_day = land_far_contact(pipeline, START, timedelta(days=12), version=1)
    assert_incremental(materialize_partition(pipeline, far_day))
    finals, wrong = fcr_finality(pipeline)
    assert finals > 0 and wrong == 0
    assert_same_marts(pipeline, fresh_full_build(pipeline.paths.landing_dir, tmp_path / "full4"))

    # 5. Its correction moves it back to the source contact's day: the watermark moves back and
    # those contacts are provisional again.
    land_far_contact(pipeline, START, timedelta(0), version=2)
    assert_incremental(materialize_partition(pipeline, far_day))
    assert fcr_finality(pipeline) == (0, 0)
    assert_same_marts(pipeline, fresh_full_build(pipeline.paths.landing_dir, tmp_path / "full5"))


def test_a_new_day_of_every_extract_is_built_incrementally_and_matches_a_full_refresh(
    tmp_path: Path, generated_landing: Path
) -> None:
    """The nightly case: the last generated day of every extract lands on top of the history
    (acd_queues aside: its new files rebuild in full by design). The incremental build (new
    files judged alone by the rule checks, staging by the touched keys, the marts by the
    affected dates) publishes what a build from scratch over the same files publishes."""
    last_day = max(
        date.fromisoformat(DELIVERY.search(path.name).group(0)[1:11])
        for path in generated_landing.rglob("*_*-*-*.*")
    )
    pipeline = make_pipeline(tmp_path / "nightly")
    shutil.copytree(generated_landing, pipeline.paths.landing_dir)
    held_back = tmp_path / "tonight"
    tonight = [
        path
        for path in pipeline.paths.landing_dir.rglob(f"*_{last_day.isoformat()}*")
        if path.parent.name != "acd_queues"
    ]
    assert len({path.parent.name for path in tonight}) >= 10  # most extracts deliver tonight
    for path in tonight:
        (held_back / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.move(path, held_back / path.parent.name / path.name)
    assert_ran(pipeline.run())  # the history, built in full
    for path in held_back.rglob("*.*"):
        shutil.move(path, pipeline.paths.landing_dir / path.parent.name / path.name)
    assert_incremental(materialize_partition(pipeline, last_day))
    # The publish started from the previous version and kept the chunks that did not change.
    published_dir = pipeline.paths.published_dir
    manifest = read_manifest(published_dir, current_version(published_dir))
    assert manifest["based_on"] is not None
    assert sum(manifest["chunks_reused"].values()) > 0
    assert_same_marts(pipeline, fresh_full_build(generated_landing, tmp_path / "full"))
