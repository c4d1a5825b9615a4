"""The DuckDB fast path for CSV reads exactly what the Python reader reads, or steps aside."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from orchestration.lib.errors import UnreadableFileError
from orchestration.lib.readers import (
    ArrowRows,
    FileRows,
    _decode,
    _read_bytes,
    _read_csv,
    _read_csv_fast,
    read_landed_file,
)

HEADER = "survey_id,contact_id,comment,score"

PLAIN_FILES = {
    "quotes and commas": (
        f'{HEADER}\nS1,C1,"It was okay, but I had to wait a bit.",3\n'
        'S2,C2,"She said ""thanks"", twice",5\n'
    ),
    "chinese persian russian": (
        f'{HEADER}\nS1,C1,服务很好，谢谢,5\nS2,C2,"خیلی ممنون، عالی بود",4\n'
        'S3,C3,"Спасибо, всё решили быстро и вежливо!",5\n'
    ),
    "empty values": f'{HEADER}\nS1,,,\nS2,C2,"",1\n,C3, ,\n',
    "crlf and no final newline": f'{HEADER}\r\nS1,C1,fine,5\r\nS2,C2," spaced ",4',
    "header only": f"{HEADER}\n",
    "header with spaces": " survey_id , contact_id ,comment,score\nS1,C1,x,1\n",
    "bom": f"\ufeff{HEADER}\nS1,C1,ok,2\n",
}

# Files the fast path leaves to the Python reader (which reads or rejects them as before).
UNUSUAL_FILES = {
    "quoted newline": f'{HEADER}\nS1,C1,"two\nlines",3\nS2,C2,x,1\n',
    "blank line": f"{HEADER}\nS1,C1,x,1\n\nS2,C2,y,2\n",
    "space before quote": f'{HEADER}\nS1,C1, "x",1\n',
    "quote inside a field": f'{HEADER}\nS1,C1,say "hi",1\n',
    "lone carriage return": f"{HEADER}\rS1,C1,x,1\r",
    "mixed line endings": f"{HEADER}\r\nS1,C1,x,1\nS2,C2,y,2\r\n",
    "duplicate header": "a,a\n1,2\n",
    "ragged row": f"{HEADER}\nS1,C1,x,1,extra\n",
    "short row": f"{HEADER}\nS1,C1\n",
    "quote then text": f'{HEADER}\nS1,C1,"x"y,1\n',
    "field over the csv module's limit": f"{HEADER}\nS1,C1,{'x' * 140_000},1\n",
    "nul byte": f"{HEADER}\nS1,C1,a\x00b,1\n",
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def _python_rows(path: Path) -> FileRows:
    return _read_csv(_decode(_read_bytes(path, "f"), "f"), "f")


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz"])
@pytest.mark.parametrize("case", list(PLAIN_FILES))
def test_fast_path_reads_what_the_python_reader_reads(
    tmp_path: Path, case: str, suffix: str
) -> None:
    path = _write(tmp_path, f"f{suffix}", PLAIN_FILES[case])
    fast = _read_csv_fast(path, _decode(_read_bytes(path, "f"), "f"))
    assert fast is not None and isinstance(fast.rows, ArrowRows)  # the fast path took it
    slow = _python_rows(path)
    assert fast == slow
    assert fast.to_arrow().equals(slow.to_arrow())
    assert read_landed_file(path, "f") == slow


def test_fast_path_values_and_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.csv", PLAIN_FILES["empty values"])
    rows = read_landed_file(path, "f")
    assert rows.columns == ["survey_id", "contact_id", "comment", "score"]
    # '' unquoted and "" quoted are both empty -> None; a blank space is a value
    assert list(rows.rows) == [
        ["S1", None, None, None],
        ["S2", "C2", None, "1"],
        [None, "C3", " ", None],
    ]
    assert rows.lines == [2, 3, 4]  # header is line 1, one record per line
    assert len(rows.rows) == 3


@pytest.mark.parametrize("case", list(UNUSUAL_FILES))
def test_unusual_files_go_to_the_python_reader(tmp_path: Path, case: str) -> None:
    path = _write(tmp_path, "f.csv", UNUSUAL_FILES[case])
    assert _read_csv_fast(path, _decode(_read_bytes(path, "f"), "f")) is None
    try:
        expected: FileRows | str = _python_rows(path)
    except UnreadableFileError as exc:
        expected = str(exc)
    try:
        got: FileRows | str = read_landed_file(path, "f")
    except UnreadableFileError as exc:
        got = str(exc)
    assert got == expected


def test_quoted_newline_keeps_physical_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.csv", UNUSUAL_FILES["quoted newline"])
    rows = read_landed_file(path, "f")
    assert rows.lines == [2, 4]  # the first record spans lines 2-3, so the next is on line 4
    assert rows.rows[0][2] == "two\nlines"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "f: empty file: no header row"),
        (b"  \n", "f: empty file: no header row"),
        (
            f"{HEADER}\nS1,C1,x,1\n".encode() + "S2,K\u00f6ln,y,2\n".encode("latin-1"),
            "f: line 3: bytes are not UTF-8",
        ),
        (f"{HEADER}\nS1,C1,x\n".encode(), "f: line 2: 3 fields where the header has 4"),
    ],
)
def test_bad_files_raise_the_python_readers_errors(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as raised:
        read_landed_file(path, "f")
    assert str(raised.value).startswith(message)
