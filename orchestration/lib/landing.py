"""Finding landed files: data/landing/<extract>/<extract>_<YYYY-MM-DD>[_<seq>].<ext>."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.lib.contract import EXTRACTS, FILE_EXTENSIONS

_NAME = re.compile(
    r"^(?P<extract>[a-z_]+)_(?P<date>\d{4}-\d{2}-\d{2})(?:_(?P<seq>\d+))?\.(?P<ext>"
    + "|".join(re.escape(e) for e in FILE_EXTENSIONS)
    + r")$"
)


@dataclass(frozen=True, order=True)
class LandedFile:
    partition_date: date
    seq: int
    extract: str
    path: Path
    ext: str

    def relative_to(self, landing_dir: Path) -> str:
        return self.path.relative_to(landing_dir).as_posix()


def parse_landed_name(path: Path) -> LandedFile | None:
    """The landed file a path names, or None when the name is not of the contract's form."""
    match = _NAME.match(path.name)
    if not match or match["extract"] not in EXTRACTS or path.parent.name != match["extract"]:
        return None
    try:
        partition_date = date.fromisoformat(match["date"])
    except ValueError:
        return None
    return LandedFile(
        partition_date=partition_date,
        seq=int(match["seq"] or 0),
        extract=match["extract"],
        path=path,
        ext=match["ext"],
    )


def find_landed_files(
    landing_dir: Path, extract: str, dates: set[date] | None = None
) -> list[LandedFile]:
    """Files of one extract, optionally only for some dates, in delivery order (date, seq)."""
    folder = landing_dir / extract
    if not folder.is_dir():
        return []
    files = (parse_landed_name(p) for p in folder.iterdir() if p.is_file())
    return sorted(f for f in files if f and (dates is None or f.partition_date in dates))


def landed_dates(landing_dir: Path) -> list[date]:
    """Every business date for which any extract landed a file."""
    found = {f.partition_date for name in EXTRACTS for f in find_landed_files(landing_dir, name)}
    return sorted(found)


def has_landed_files(landing_dir: Path) -> bool:
    return bool(landed_dates(landing_dir))
