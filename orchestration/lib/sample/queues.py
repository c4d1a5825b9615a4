"""ACD queues and their demand profiles.

Channel, purpose and timezone cycle so every combination the marts need exists. Each queue
has an intraday arrival curve (per half hour of its opening hours, shaped by channel and
tilted by purpose: sales later in the day, technical earlier) and a day-of-week profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from orchestration.lib.sample.clock import Stamps, format_ts, local_epoch, utc_epoch
from orchestration.lib.sample.fields import Row, decimal, integer

# Berlin changes to summer time on 2026-03-29 (a 23-hour local day); Tehran has no DST.
TIMEZONES = ("Europe/Berlin", "Asia/Tehran", "America/New_York", "Asia/Shanghai")
CHANNELS = ("voice", "voice", "chat", "email")
PURPOSES = ("service", "sales", "retention", "technical")
_REGIONS = {"Europe/Berlin": "DE", "Asia/Tehran": "IR", "America/New_York": "US"}
_SL_THRESHOLD = {"voice": 20, "chat": 30, "email": 3600}
OPEN_MINUTES = (8 * 60, 21 * 60)  # local opening hours [08:00, 21:00)
HALF_HOURS = (OPEN_MINUTES[1] - OPEN_MINUTES[0]) // 30  # 26 intervals of the arrival curve
SL_CHANGE = 30  # the first queue's threshold from the second day on

# Relative arrivals per half hour from 08:00 to 21:00 local.
INTRADAY: dict[str, tuple[float, ...]] = {
    # Morning peak around 10:30, a lunch dip, a second peak at 14:00, a long evening tail.
    "voice": (
        0.55, 0.80, 1.05, 1.25, 1.40, 1.45, 1.40, 1.30, 1.15, 1.05, 1.10, 1.20, 1.25,
        1.20, 1.10, 1.00, 0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.40, 0.35, 0.30, 0.25,
    ),
    # Flatter, with an evening bump after working hours.
    "chat": (
        0.40, 0.55, 0.70, 0.85, 0.95, 1.00, 1.00, 1.00, 1.05, 1.10, 1.05, 1.00, 1.00,
        1.00, 0.95, 0.95, 1.00, 1.05, 1.10, 1.20, 1.25, 1.20, 1.10, 0.95, 0.75, 0.55,
    ),
    # Heaviest in the morning; no new email is routed after 20:00.
    "email": (
        1.20, 1.30, 1.25, 1.20, 1.10, 1.05, 1.00, 1.00, 0.95, 0.90, 0.95, 1.00, 1.00,
        0.95, 0.90, 0.85, 0.80, 0.75, 0.60, 0.50, 0.40, 0.35, 0.30, 0.25, 0.00, 0.00,
    ),
}  # fmt: skip
# Relative daily volume, Monday first.
DAY_OF_WEEK: dict[str, tuple[float, ...]] = {
    "voice": (1.30, 1.15, 1.05, 1.00, 0.95, 0.55, 0.40),
    "chat": (1.10, 1.05, 1.00, 1.00, 1.00, 0.85, 0.75),
    "email": (1.35, 1.15, 1.05, 1.00, 0.90, 0.35, 0.30),
}
_TILT = {"sales": 0.3, "technical": -0.3}  # purpose shifts volume later (+) or earlier (-)

TALK_MEAN = {"voice": 260.0, "callback": 260.0, "chat": 540.0, "email": 300.0}
PURPOSE_FACTOR = {"service": 1.0, "sales": 1.2, "retention": 1.3, "technical": 1.4}
ACW_RANGE = {"voice": (10, 90), "callback": (10, 90), "chat": (5, 60), "email": (0, 30)}
HOLD_SHARE, HOLD_RANGE = 0.3, (10, 120)


def _normalise(weights: tuple[float, ...]) -> tuple[float, ...]:
    total = sum(weights)
    return tuple(w / total for w in weights)


def intraday_curve(channel: str, purpose: str) -> tuple[float, ...]:
    """Share of the day's arrivals in each half hour from 08:00 (sums to 1)."""
    base = INTRADAY[channel]
    tilt = _TILT.get(purpose, 0.0)
    last = len(base) - 1
    return _normalise(tuple(w * (1 - tilt / 2 + tilt * i / last) for i, w in enumerate(base)))


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
    stamps: Stamps = field(init=False, repr=False, compare=False)
    curve: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stamps", Stamps(self.timezone))
        object.__setattr__(self, "curve", intraday_curve(self.channel, self.purpose))

    @property
    def day_of_week(self) -> tuple[float, ...]:
        return DAY_OF_WEEK[self.channel]

    @property
    def handle_seconds(self) -> float:
        """Mean handling time (talk + hold + after-contact work) the planners work with."""
        talk = TALK_MEAN[self.channel] * PURPOSE_FACTOR[self.purpose]
        hold = HOLD_SHARE * sum(HOLD_RANGE) / 2 if self.channel == "voice" else 0.0
        return talk + hold + sum(ACW_RANGE[self.channel]) / 2

    def threshold_on(self, day: date) -> int:
        if self.threshold_change and day >= self.threshold_change[0]:
            return self.threshold_change[1]
        return self.sl_threshold_seconds

    def is_open_at(self, epoch: int) -> bool:
        return OPEN_MINUTES[0] <= self.stamps.local_minute(epoch) < OPEN_MINUTES[1]

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
