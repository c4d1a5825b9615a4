"""Time helpers: epoch seconds inside, ISO-8601 with an offset outside.

The simulation counts in integer epoch seconds; local wall-clock times are resolved through
IANA zones so that a daylight-saving day has 23 or 25 hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY_SECONDS = 86_400


@lru_cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_epoch(day: date, minutes: int, tz: str) -> int:
    """Epoch seconds of the wall-clock time `minutes` after local midnight of `day` in `tz`."""
    day = day + timedelta(days=minutes // 1440)
    minutes %= 1440
    moment = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone(tz))
    return int(moment.timestamp())


def local_day_bounds(day: date, tz: str) -> tuple[int, int]:
    """[start, end) of the local day in epoch seconds (23 h or 25 h on a DST change)."""
    return local_epoch(day, 0, tz), local_epoch(day + timedelta(days=1), 0, tz)


def utc_epoch(day: date, hours: int = 0, minutes: int = 0) -> int:
    return int(datetime.combine(day, time(hours, minutes), tzinfo=UTC).timestamp())


def local_date(epoch: int, tz: str | None) -> date:
    return datetime.fromtimestamp(epoch, zone(tz) if tz else UTC).date()


def local_minutes(epoch: int, tz: str) -> int:
    moment = datetime.fromtimestamp(epoch, zone(tz))
    return moment.hour * 60 + moment.minute


def format_ts(epoch: int | None, tz: str | None = None) -> str | None:
    """ISO-8601 with the offset of `tz` ('+03:30'), or 'Z' without a zone; None stays None."""
    if epoch is None:
        return None
    if tz is None:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return datetime.fromtimestamp(epoch, zone(tz)).isoformat()


def date_range(start: date, days: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(days)]
