"""Time helpers: epoch seconds inside, ISO-8601 with an offset outside.

The simulation counts in integer epoch seconds; local wall-clock times are resolved through
IANA zones so that a daylight-saving day has 23 or 25 hours. `Stamps` formats millions of
timestamps quickly: it caches the zone's UTC offset per quarter hour (every zone in use
changes its offset on a quarter-hour boundary) and the date text per local day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY_SECONDS = 86_400
_QUARTER = 900
_TWO = tuple(f"{i:02d}" for i in range(60))
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


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


def _offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


class Stamps:
    """Epoch seconds -> the text format_ts(epoch, tz) gives, and local calendar facts, fast."""

    def __init__(self, tz: str | None) -> None:
        self.tz = tz
        self._zone = zone(tz) if tz else None
        self._offsets: dict[int, tuple[int, str] | bool] = {}
        self._days: dict[int, str] = {}
        self._minutes: dict[int, str] = {}
        self._dates: dict[int, date] = {}

    def _offset_of(self, quarter: int) -> tuple[int, str] | bool:
        """(offset seconds, '+01:00') valid for the whole quarter hour, or False if it changes."""
        if self._zone is None:
            entry: tuple[int, str] | bool = (0, "Z")
        else:
            first = datetime.fromtimestamp(quarter * _QUARTER, self._zone).utcoffset()
            last = datetime.fromtimestamp(quarter * _QUARTER + _QUARTER - 1, self._zone).utcoffset()
            seconds = int(first.total_seconds()) if first is not None else 0
            entry = (seconds, _offset_text(seconds)) if first == last else False
        self._offsets[quarter] = entry
        return entry

    def offset(self, epoch: int) -> int:
        entry = self._offsets.get(epoch // _QUARTER)
        if entry is None:
            entry = self._offset_of(epoch // _QUARTER)
        if entry is False:
            delta = datetime.fromtimestamp(epoch, self._zone).utcoffset()
            return int(delta.total_seconds()) if delta is not None else 0
        return entry[0]

    def __call__(self, epoch: int | None) -> str | None:
        if epoch is None:
            return None
        entry = self._offsets.get(epoch // _QUARTER)
        if not entry:
            entry = self._offset_of(epoch // _QUARTER) if entry is None else entry
            if not entry:
                return format_ts(epoch, self.tz)
        minute, second = divmod(epoch + entry[0], 60)
        prefix = self._minutes.get(minute) or self._minute_prefix(minute)
        return prefix + _TWO[second] + entry[1]

    def _minute_prefix(self, minute: int) -> str:
        """'YYYY-MM-DDTHH:MM:' of a local minute; the cache is emptied when it grows big."""
        if len(self._minutes) > 20_000:
            self._minutes.clear()
        day, rest = divmod(minute, 1440)
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = date.fromordinal(day + _EPOCH_ORDINAL).isoformat() + "T"
        prefix = self._minutes[minute] = f"{text}{_TWO[rest // 60]}:{_TWO[rest % 60]}:"
        return prefix

    def local_ordinal(self, epoch: int) -> int:
        """Days since 1970-01-01 of the local date (compare with `ordinal(date)`)."""
        return (epoch + self.offset(epoch)) // DAY_SECONDS

    def local_minute(self, epoch: int) -> int:
        return (epoch + self.offset(epoch)) % DAY_SECONDS // 60

    def local_date(self, epoch: int) -> date:
        day = self.local_ordinal(epoch)
        found = self._dates.get(day)
        if found is None:
            found = self._dates[day] = date.fromordinal(day + _EPOCH_ORDINAL)
        return found


def ordinal(day: date) -> int:
    """Days since 1970-01-01, the unit of Stamps.local_ordinal."""
    return day.toordinal() - _EPOCH_ORDINAL


UTC_STAMPS = Stamps(None)
