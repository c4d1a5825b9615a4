"""Landing file names, readers and the raw load: file-level errors name the file and rule."""

from __future__ import annotations

import gzip
import json
from contextlib import closing
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.lib.config import load_paths
from orchestration.lib.contract import EXTRACTS
from orchestration.lib.duck import connect
from orchestration.lib.errors import MissingColumnError, UnreadableFileError
from orchestration.lib.ingest import ingest_extract
from orchestration.lib.landing import find_landed_files, landed_dates, parse_landed_name
from orchestration.lib.raw_layer import ensure_raw_tables
from orchestration.lib.readers import read_landed_file

DAY = date(2026, 3, 27)
QUEUE_COLUMNS = EXTRACTS["acd_queues"].column_names
HEADER = ",".join(QUEUE_COLUMNS)
ROW_Q1 = "q1,Billing,voice,service,Europe/Berlin,20,80,5,2026-03-01T00:00:00Z"
ROW_Q2 = "q2,Sales,chat,sales,Asia/Tehran,30,80,5,2026-03-01T00:00:00+03:30"


def _land(landing: Path, name: str, content: bytes) -> Path:
    path = landing / name.split("_20")[0] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _load(landing: Path, db: Path, extract: str = "acd_queues"):
    with closing(connect(db)) as con:
        loads = ingest_extract(con, landing, extract, {DAY})
        rows = con.execute(
            f"select * exclude (_loaded_at, _first_loaded_at) from raw.{extract}"
            " order by _file, _line"
        ).fetchall()
    return loads, rows


def test_file_names_follow_the_contract(tmp_path: Path) -> None:
    good = parse_landed_name(tmp_path / "acd_contacts" / "acd_contacts_2026-03-27_2.csv.gz")
    assert good is not None
    assert (good.extract, good.partition_date, good.seq, good.ext) == (
        "acd_contacts",
        DAY,
        2,
        "csv.gz",
    )
    # wrong folder, unknown extract, impossible date, unknown extension: not landed files
    assert parse_landed_name(tmp_path / "crm_cases" / "acd_contacts_2026-03-27.csv") is None
    assert parse_landed_name(tmp_path / "acd_foo" / "acd_foo_2026-03-27.csv") is None
    assert parse_landed_name(tmp_path / "acd_contacts" / "acd_contacts_2026-02-30.csv") is None
    assert parse_landed_name(tmp_path / "acd_contacts" / "acd_contacts_2026-03-27.xlsx") is None


def test_files_are_found_in_delivery_order(tmp_path: Path) -> None:
    for name in [
        "acd_queues_2026-03-28.csv",
        "acd_queues_2026-03-27_2.csv",
        "acd_queues_2026-03-27.csv",
    ]:
        _land(tmp_path, name, f"{HEADER}\n".encode())
    names = [f.path.name for f in find_landed_files(tmp_path, "acd_queues")]
    assert names == [
        "acd_queues_2026-03-27.csv",
        "acd_queues_2026-03-27_2.csv",
        "acd_queues_2026-03-28.csv",
    ]
    assert landed_dates(tmp_path) == [DAY, date(2026, 3, 28)]


def test_paths_come_from_the_environment_not_the_cwd(tmp_path: Path) -> None:
    paths = load_paths(
        {"CALLSCOPE_LANDING_DIR": str(tmp_path / "l"), "CALLSCOPE_DATA_DIR": str(tmp_path / "d")}
    )
    assert paths.landing_dir == tmp_path / "l"
    assert paths.published_path == tmp_path / "d" / "published" / "callscope.duckdb"
    assert paths.warehouse_path.is_absolute()


def test_csv_rows_keep_text_lineage_and_extra_columns(tmp_path: Path) -> None:
    # BOM tolerated, a quoted multi-line value keeps its bytes, an extra column is kept in raw.
    content = (
        "\ufeff" + HEADER + ",note\n" + ROW_Q1 + ',"line one\nсрок 时间 زمان"\n' + ROW_Q2 + ",\n"
    ).encode()
    _land(tmp_path / "landing", "acd_queues_2026-03-27.csv", content)
    loads, rows = _load(tmp_path / "landing", tmp_path / "w.duckdb")
    assert [(load.rows, load.extra_columns) for load in loads] == [(2, ("note",))]
    first, second = rows
    # contract columns, then lineage (_file, _file_seq, _line, _partition_date), then the extra
    assert first[:2] == ("q1", "Billing")
    assert first[9:13] == ("acd_queues/acd_queues_2026-03-27.csv", 0, 2, DAY)
    assert first[13] == "line one\nсрок 时间 زمان"
    assert second[11] == 4  # the first record spans lines 2-3, so the second starts on line 4
    assert second[13] is None


def test_reloading_a_file_replaces_its_rows(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    path = _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q1}\n{ROW_Q2}\n".encode())
    _load(landing, tmp_path / "w.duckdb")
    path.write_bytes(f"{HEADER}\n{ROW_Q2}\n".encode())
    _, rows = _load(landing, tmp_path / "w.duckdb")
    assert [row[0] for row in rows] == ["q2"]


def _load_times(db: Path) -> list[tuple]:
    with closing(connect(db)) as con:
        return con.execute(
            "select distinct _loaded_at, _first_loaded_at from raw.acd_queues"
        ).fetchall()


def test_reloading_a_file_keeps_its_first_load_time(tmp_path: Path) -> None:
    # stale_file judges a file against what landed before it: a re-load must not move it
    landing, db = tmp_path / "landing", tmp_path / "w.duckdb"
    _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q1}\n{ROW_Q2}\n".encode())
    _load(landing, db)
    [(first_loaded, first_first)] = _load_times(db)
    assert first_loaded == first_first
    _load(landing, db)
    [(reloaded, kept_first)] = _load_times(db)
    assert (kept_first, reloaded > first_loaded) == (first_first, True)


def test_redelivery_is_kept_beside_the_first_delivery(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q1}\n".encode())
    _land(landing, "acd_queues_2026-03-27_2.csv", f"{HEADER}\n{ROW_Q1}\n".encode())
    loads, rows = _load(landing, tmp_path / "w.duckdb")
    assert [load.file for load in loads] == [
        "acd_queues/acd_queues_2026-03-27.csv",
        "acd_queues/acd_queues_2026-03-27_2.csv",
    ]
    assert [row[10] for row in rows] == [0, 2]  # _file_seq of each delivery


def test_gzip_jsonl_and_parquet_read_the_same_as_csv(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _land(landing, "acd_queues_2026-03-27.csv.gz", gzip.compress(f"{HEADER}\n{ROW_Q1}\n".encode()))
    record = dict(zip(QUEUE_COLUMNS, ROW_Q2.split(","), strict=True))
    record["sl_threshold_seconds"] = 30  # a JSON number arrives as its text
    _land(landing, "acd_queues_2026-03-27_2.jsonl", (json.dumps(record) + "\n").encode())
    table = pa.table({c: [v] for c, v in zip(QUEUE_COLUMNS, ROW_Q1.split(","), strict=True)})
    parquet = landing / "acd_queues" / "acd_queues_2026-03-27_3.parquet"
    pq.write_table(table, parquet)
    loads, rows = _load(landing, tmp_path / "w.duckdb")
    assert [load.rows for load in loads] == [1, 1, 1]
    assert [(row[0], row[5], row[11]) for row in rows] == [
        ("q1", "20", 2),
        ("q2", "30", 1),
        ("q1", "20", 1),
    ]


BAD_FILES = [
    (
        "missing column",
        "acd_queues_2026-03-27.csv",
        HEADER.replace(",timezone", "").encode() + b"\n",
        MissingColumnError,
        "acd_queues/acd_queues_2026-03-27.csv: missing required column(s) timezone",
    ),
    (
        "wrong delimiter",
        "acd_queues_2026-03-27.csv",
        HEADER.replace(",", ";").encode() + b"\n",
        MissingColumnError,
        "missing required column(s) queue_id, queue_name",
    ),
    (
        "empty file",
        "acd_queues_2026-03-27.csv",
        b"",
        UnreadableFileError,
        "acd_queues/acd_queues_2026-03-27.csv: empty file: no header row",
    ),
    (
        "non-UTF-8 bytes",
        "acd_queues_2026-03-27.csv",
        f"{HEADER}\n{ROW_Q1}\n".encode() + "q3,K\u00f6ln".encode("latin-1") + b"\n",
        UnreadableFileError,
        "line 3: bytes are not UTF-8",
    ),
    (
        "truncated gzip",
        "acd_queues_2026-03-27.csv.gz",
        gzip.compress(f"{HEADER}\n{ROW_Q1}\n".encode())[:-12],
        UnreadableFileError,
        "acd_queues/acd_queues_2026-03-27.csv.gz: cannot be read",
    ),
    (
        "ragged row",
        "acd_queues_2026-03-27.csv",
        f"{HEADER}\n{ROW_Q1},extra\n".encode(),
        UnreadableFileError,
        "line 2: 10 fields where the header has 9",
    ),
    (
        "broken json",
        "acd_queues_2026-03-27.jsonl",
        b'{"queue_id": "q1"\n',
        UnreadableFileError,
        "line 1: invalid JSON",
    ),
    (
        "not parquet",
        "acd_queues_2026-03-27.parquet",
        b"PAR1 nonsense",
        UnreadableFileError,
        "cannot be read as Parquet",
    ),
]


def test_jsonl_values_become_text_with_columns_in_order_of_first_appearance(
    tmp_path: Path,
) -> None:
    path = tmp_path / "interaction_analytics_2026-03-27.jsonl"
    path.write_text(
        '{"b": "x", "a": 1.50}\n'
        "\n"
        '{"a": true, "c": {"k": [1, "é"]}, "b": null}\n'
        '{"c": "plain", "d": 7}\n',
        encoding="utf-8",
    )
    rows = read_landed_file(path, "interaction_analytics/x.jsonl")
    assert rows.columns == ["b", "a", "c", "d"]
    assert list(rows.rows) == [
        ["x", "1.5", None, None],
        [None, "true", '{"k": [1, "é"]}', None],
        [None, None, "plain", "7"],
    ]
    assert rows.lines == [1, 3, 4]  # the blank line 2 is skipped, not renumbered
    assert rows.to_arrow().column_names == ["b", "a", "c", "d", "_line"]


@pytest.mark.parametrize(
    ("case", "name", "content", "error", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_bad_files_fail_naming_file_and_rule(
    tmp_path: Path, case: str, name: str, content: bytes, error: type, message: str
) -> None:
    _land(tmp_path / "landing", name, content)
    with pytest.raises(error) as raised:
        _load(tmp_path / "landing", tmp_path / "w.duckdb")
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"acd_queues/{name}")


def test_a_failed_file_leaves_raw_as_it_was(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q1}\n".encode())
    _load(landing, tmp_path / "w.duckdb")
    _land(landing, "acd_queues_2026-03-27_2.csv", HEADER.replace(",channel", "").encode())
    with pytest.raises(MissingColumnError):
        _load(landing, tmp_path / "w.duckdb")
    with closing(connect(tmp_path / "w.duckdb", read_only=True)) as con:
        assert con.execute("select queue_id from raw.acd_queues").fetchall() == [("q1",)]


def test_an_extract_loads_all_its_files_or_none(tmp_path: Path) -> None:
    # one transaction per extract: a bad file of the run also keeps the re-load of a good one out
    landing, db = tmp_path / "landing", tmp_path / "w.duckdb"
    _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q1}\n".encode())
    _load(landing, db)
    _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q2}\n".encode())
    _land(landing, "acd_queues_2026-03-27_2.csv", f"{HEADER}\n{ROW_Q1}\nq3,Sales\n".encode())
    with pytest.raises(UnreadableFileError) as raised:
        _load(landing, db)
    assert str(raised.value).startswith("acd_queues/acd_queues_2026-03-27_2.csv: line 3")
    with closing(connect(db, read_only=True)) as con:
        assert con.execute("select queue_id, _file from raw.acd_queues").fetchall() == [
            ("q1", "acd_queues/acd_queues_2026-03-27.csv")
        ]


def test_a_new_file_gets_its_own_first_load_time_beside_a_reloaded_one(tmp_path: Path) -> None:
    landing, db = tmp_path / "landing", tmp_path / "w.duckdb"
    _land(landing, "acd_queues_2026-03-27.csv", f"{HEADER}\n{ROW_Q1}\n".encode())
    _load(landing, db)
    [(_, first_of_old)] = _load_times(db)
    _land(landing, "acd_queues_2026-03-27_2.csv", f"{HEADER}\n{ROW_Q2}\n".encode())
    loads, _ = _load(landing, db)
    with closing(connect(db, read_only=True)) as con:
        times = dict(
            con.execute("select _file_seq, _first_loaded_at from raw.acd_queues").fetchall()
        )
        (loaded_once,) = con.execute(
            "select count(distinct _loaded_at) from raw.acd_queues"
        ).fetchone()
    assert [load.rows for load in loads] == [1, 1]
    assert times[0] == first_of_old
    assert times[2] > first_of_old  # judged when it landed, not when the older file did
    assert loaded_once == 1  # both files of the run went in together


def test_every_extract_gets_an_empty_raw_table(tmp_path: Path) -> None:
    with closing(connect(tmp_path / "w.duckdb")) as con:
        ensure_raw_tables(con)
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
    assert tables == set(EXTRACTS)
