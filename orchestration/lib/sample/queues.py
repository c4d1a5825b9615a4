"""ACD queues: channel, purpose and timezone cycle so every combination the marts need exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from orchestration.lib.sample.clock import format_ts, local_epoch, utc_epoch
from orchestration.lib.sample.fields import Row, decimal, integer

# Berlin changes to summer time on 2026-03-29 (a 23-hour local day); Tehran has no DST.
TIMEZONES = ("Europe/Berlin", "Asia/Tehran", "America/New_York", "Asia/Shanghai")
CHANNELS = ("voice", "voice", "chat", "email")
PURPOSES = ("service", "sales", "retention", "technical")
_REGIONS = {"Europe/Berlin": "DE", "Asia/Tehran": "IR", "America/New_York": "US"}
_SL_THRESHOLD = {"voice": 20, "chat": 30, "email": 3600}
OPEN_MINUTES = (8 * 60, 21 * 60)  # local opening hours [08:00, 21:00)
SL_CHANGE = 30  # the first queue's threshold from the second day on


@dataclass(frozen=True)
class Queue:
    queue_id: str
    queue_name: str
    channel: str
    purpose: str
    timezone: str
    sl_threshold_seconds: int
    sl_target_pct: int = 80
    short_abandon_seconds: int = 5
    threshold_change: tuple[date, int] | None = None

    def threshold_on(self, day: date) -> int:
        if self.threshold_change and day >= self.threshold_change[0]:
            return self.threshold_change[1]
        return self.sl_threshold_seconds

    def is_open(self, day: date, epoch: int) -> bool:
        opens, closes = (local_epoch(day, m, self.timezone) for m in OPEN_MINUTES)
        return opens <= epoch < closes


def build_queues(count: int, start: date, days: int) -> list[Queue]:
    queues = []
    for i in range(count):
        channel, purpose, tz = CHANNELS[i % 4], PURPOSES[i % 4], TIMEZONES[i % 4]
        suffix = f" {i // 4 + 1}" if count > 4 else ""
        name = f"{purpose.capitalize()} {channel.capitalize()} {_REGIONS.get(tz, 'CN')}{suffix}"
        change = (start + timedelta(days=1), SL_CHANGE) if i == 0 and days > 1 else None
        queues.append(
            Queue(
                f"Q{i + 1:02d}",
                name,
                channel,
                purpose,
                tz,
                _SL_THRESHOLD[channel],
                threshold_change=change,
            )
        )
    return queues


def _queue_row(queue: Queue, threshold: int, updated_at: str | None) -> Row:
    return {
        "queue_id": queue.queue_id,
        "queue_name": queue.queue_name,
        "channel": queue.channel,
        "purpose": queue.purpose,
        "timezone": queue.timezone,
        "sl_threshold_seconds": integer(threshold),
        "sl_target_pct": decimal(queue.sl_target_pct, 0),
        "short_abandon_seconds": integer(queue.short_abandon_seconds),
        "updated_at": updated_at,
    }


def queue_rows(queues: list[Queue], start: date) -> list[tuple[date, Row]]:
    """Every version of every queue, with the date of the file it lands in."""
    since = format_ts(utc_epoch(start - timedelta(days=90)))
    rows = [(start, _queue_row(q, q.sl_threshold_seconds, since)) for q in queues]
    for q in queues:
        if q.threshold_change:
            day, threshold = q.threshold_change
            changed_at = format_ts(local_epoch(day, 0, q.timezone), q.timezone)
            rows.append((day, _queue_row(q, threshold, changed_at)))
    return rows
