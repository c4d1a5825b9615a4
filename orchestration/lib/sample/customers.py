"""CRM customers and who calls: a customer pool with repeat callers for first-contact resolution."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from orchestration.lib.sample.clock import DAY_SECONDS, format_ts, local_date, utc_epoch
from orchestration.lib.sample.fields import Row
from orchestration.lib.sample.text import syllable_word

SEGMENTS = ("consumer", "consumer", "consumer", "small_business", "enterprise")
REGIONS = ("EMEA", "APAC", "AMER")
REPEAT_WINDOW_SECONDS = 3 * DAY_SECONDS
_UNIDENTIFIED_SHARE = {"voice": 0.2, "chat": 0.1, "email": 0.05, "callback": 0.0}


@dataclass(frozen=True)
class Customer:
    customer_id: str
    segment: str
    region: str
    created_at: int
    churned_at: int | None
    email: str
    phone: str


def fake_phone(index: int) -> str:
    """+1-<area>-555-01xx: the fictional 555-0100..0199 range, unique per index."""
    return f"+1-{201 + index // 100}-555-01{index % 100:02d}"


def build_customers(rng: random.Random, count: int, start: date, days: int) -> list[Customer]:
    """Customers created before the range, plus two new customers on each day of it."""
    customers = []
    first = utc_epoch(start)
    new_per_day = 2
    for i in range(count):
        if i >= count - new_per_day * days:
            created = utc_epoch(start + timedelta(days=(count - 1 - i) // new_per_day), 6)
            created += rng.randint(0, 12 * 3600)
        else:
            created = first - rng.randint(DAY_SECONDS, 3 * 365 * DAY_SECONDS)
        churned = None
        if created < first - 30 * DAY_SECONDS and rng.random() < 0.03:
            churned = rng.randint(created + DAY_SECONDS, first - DAY_SECONDS)
        name = f"{syllable_word(rng, 2)}.{syllable_word(rng, 2)}".lower()
        customers.append(
            Customer(
                customer_id=f"CU{i + 1:05d}",
                segment=rng.choice(SEGMENTS),
                region=rng.choice(REGIONS),
                created_at=created,
                churned_at=churned,
                email=f"{name}{i + 1}@example.com",
                phone=fake_phone(i),
            )
        )
    return customers


class CustomerPicker:
    """Chooses the customer of each arriving contact, in time order.

    A share of contacts come from customers who contacted in the last three days (repeat
    contacts that break first-contact resolution); some are never identified.
    """

    def __init__(self, rng: random.Random, customers: list[Customer]) -> None:
        self._rng = rng
        self._customers = customers
        self._recent: list[tuple[int, Customer]] = []
        self._recent_start = 0

    def _active(self, customer: Customer, at: int) -> bool:
        return customer.created_at <= at and (
            customer.churned_at is None or customer.churned_at > at
        )

    def pick(self, at: int, channel: str) -> Customer | None:
        if self._rng.random() < _UNIDENTIFIED_SHARE[channel]:
            return None
        while (
            self._recent_start < len(self._recent)
            and self._recent[self._recent_start][0] < at - REPEAT_WINDOW_SECONDS
        ):
            self._recent_start += 1
        if self._recent_start < len(self._recent) and self._rng.random() < 0.12:
            customer = self._recent[self._rng.randrange(self._recent_start, len(self._recent))][1]
        else:
            customer = self._rng.choice(self._customers)
            while not self._active(customer, at):
                customer = self._rng.choice(self._customers)
        self._recent.append((at, customer))
        return customer


def customer_rows(
    customers: list[Customer], churns: dict[str, tuple[date, int]], start: date
) -> list[tuple[date, Row]]:
    """A customer lands on the date it was created (earlier ones on the first date);
    a churn during the range lands again, with churned_at, on the date it happened."""
    rows = []
    for c in customers:
        row = {
            "customer_id": c.customer_id,
            "segment": c.segment,
            "region": c.region,
            "created_at": format_ts(c.created_at),
            "churned_at": format_ts(c.churned_at),
            "email": c.email,
            "phone": c.phone,
            "updated_at": format_ts(c.churned_at or c.created_at),
        }
        rows.append((max(start, local_date(c.created_at, None)), row))
        if c.customer_id in churns:
            on, at = churns[c.customer_id]
            rows.append((on, dict(row, churned_at=format_ts(at), updated_at=format_ts(at))))
    return rows
