"""CRM customers and who contacts: a large, compact customer base.

Customers are numbered; what HR-free CRM data a customer has (segment, region, name, email,
phone) is derived from the number, so a million customers cost two integer arrays (created,
churned) and a third for the day each last contacted. Fresh contacts come from customers who
have not contacted in the last week, so repeat contacts (which break first-contact resolution)
come only from the simulation's explicit repeats of unresolved and abandoned contacts.
"""

from __future__ import annotations

import random
from array import array
from datetime import date, timedelta

from orchestration.lib.sample.clock import DAY_SECONDS, UTC_STAMPS, local_date, utc_epoch

SEGMENTS = ("consumer", "consumer", "consumer", "small_business", "enterprise")
REGIONS = ("EMEA", "APAC", "AMER")
_SYLLABLES = (
    "ka", "lo", "mi", "ra", "ne", "to", "sa", "vi", "da", "ren",
    "mar", "el", "an", "is", "or", "ul", "be", "ti", "no", "ya",
)  # fmt: skip
UNIDENTIFIED_SHARE = {"voice": 0.2, "chat": 0.1, "email": 0.05, "callback": 0.0}
QUIET_DAYS = 7  # a fresh contact comes from a customer silent for at least this long
CUSTOMERS_PER_AGENT = 1000


def fake_phone(index: int) -> str:
    """+1-<area>-555-01xx: the fictional 555-0100..0199 range, unique per index."""
    return f"+1-{201 + index // 100}-555-01{index % 100:02d}"


def customer_id(index: int) -> str:
    return f"CU{index + 1:05d}"


def _mix(index: int) -> int:
    """A fixed pseudo-random 32-bit number per customer index."""
    x = (index * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & 0xFFFFFFFF
    return x ^ (x >> 12)


def _name(index: int) -> str:
    x = _mix(index)
    first = _SYLLABLES[x % 20] + _SYLLABLES[x // 20 % 20]
    last = _SYLLABLES[x // 400 % 20] + _SYLLABLES[x // 8000 % 20]
    return f"{first}.{last}"


def email(index: int) -> str:
    return f"{_name(index)}{index + 1}@example.com"


class CustomerBase:
    """Customers created before the range, plus new ones every day of it."""

    def __init__(
        self, rng: random.Random, count: int, start: date, days: int, new_per_day: int
    ) -> None:
        self.start = start
        self.new_per_day = new_per_day
        self.base = max(1, count - new_per_day * days)
        first = utc_epoch(start)
        self.created = array("q")
        self.churned = array("q")  # 0: active
        for i in range(self.base + new_per_day * days):
            if i < self.base:
                created = first - rng.randint(DAY_SECONDS, 3 * 365 * DAY_SECONDS)
            else:
                on = start + timedelta(days=(i - self.base) // new_per_day)
                created = utc_epoch(on, 6) + rng.randint(0, 12 * 3600)
            churned = 0
            if created < first - 30 * DAY_SECONDS and rng.random() < 0.03:
                churned = rng.randint(created + DAY_SECONDS, first - DAY_SECONDS)
            self.created.append(created)
            self.churned.append(churned)
        self.last_contact = array("i", [-(10**6)]) * len(self.created)

    def __len__(self) -> int:
        return len(self.created)

    def created_on(self, on: date) -> range:
        """Indexes of the customers created during the range on `on`."""
        first = self.base + (on - self.start).days * self.new_per_day
        return range(first, first + self.new_per_day)

    def is_active(self, index: int, at: int) -> bool:
        churned = self.churned[index]
        return self.created[index] <= at and (churned == 0 or churned > at)

    def pick(self, rng: random.Random, at: int, channel: str) -> int | None:
        """A customer for a fresh contact at `at`, or None when the contact is not identified."""
        if rng.random() < UNIDENTIFIED_SHARE[channel]:
            return None
        today = at // DAY_SECONDS
        known = self.base + max(0, today - utc_epoch(self.start) // DAY_SECONDS) * self.new_per_day
        known = min(known, len(self.created))
        index = rng.randrange(known)
        for _ in range(8):  # avoid customers who are quiet-period repeaters or inactive
            if self.is_active(index, at) and today - self.last_contact[index] >= QUIET_DAYS:
                break
            index = rng.randrange(known)
        else:
            while not self.is_active(index, at):
                index = rng.randrange(known)
        self.last_contact[index] = today
        return index

    def touch(self, index: int, at: int) -> None:
        self.last_contact[index] = at // DAY_SECONDS

    def churn(self, index: int, at: int) -> None:
        if self.churned[index] == 0:
            self.churned[index] = at

    def row(self, index: int, churned_at: int | None = None) -> list[str | None]:
        """The crm_customers row, in contract column order."""
        x = _mix(index)
        churned = churned_at or self.churned[index] or None
        created = self.created[index]
        return [
            customer_id(index),
            SEGMENTS[x % 5],
            REGIONS[x // 5 % 3],
            UTC_STAMPS(created),
            UTC_STAMPS(churned),
            email(index),
            fake_phone(index),
            UTC_STAMPS(churned or created),
        ]

    def initial_rows(self) -> list[int]:
        """Indexes of the customers that land on the first date: everyone created before it."""
        return list(range(self.base))

    def landing_date(self, index: int) -> date:
        return max(self.start, local_date(self.created[index], None))
