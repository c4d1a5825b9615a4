"""CRM cases opened from contacts, and orders credited to contacts (sales, retention).

Both work one answered segment at a time, in routing order, so nothing is held per day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from orchestration.lib.sample.clock import DAY_SECONDS, UTC_STAMPS, local_date
from orchestration.lib.sample.customers import customer_id
from orchestration.lib.sample.fields import decimal, draw, integer
from orchestration.lib.sample.segments import Segment

_CASE_CATEGORY = {"technical_issue": "technical", "billing": "billing"}
_PRIORITIES = ("low", "normal", "high", "urgent")
_PRIORITY_WEIGHTS = (2, 7, 9, 10)  # cumulative 2:5:2:1
CURRENCY = "EUR"

Values = list[str | None]


@dataclass(frozen=True, slots=True)
class Case:
    case_id: str
    customer: int
    channel: str
    category: str
    priority: str
    opened_at: int
    opened_on: date
    first_response_at: int | None
    resolved_at: int | None
    closed_at: int | None
    reopened_count: int


def _within(moment: int, horizon: int) -> int | None:
    return moment if moment < horizon else None


def _case_row(
    c: Case, status: str, first: int | None, resolved: int | None, closed: int | None
) -> Values:
    texts = [UTC_STAMPS(t) for t in (c.opened_at, first, resolved, closed)]
    latest = max(
        range(4),
        key=lambda i: -1 if texts[i] is None else (c.opened_at, first, resolved, closed)[i],
    )
    return [
        c.case_id,
        customer_id(c.customer),
        c.channel,
        c.category,
        c.priority,
        status,
        *texts,
        integer(c.reopened_count if resolved else 0),
        texts[latest],
    ]


class CaseDesk:
    """Opens a case for most billing and technical contacts of known customers; a repeat
    contact while the case is unresolved is linked to it. Events after `horizon` (the end of
    the range) have not happened yet."""

    def __init__(self, rng: random.Random, horizon: int) -> None:
        self._rng = rng
        self._horizon = horizon
        self._open: dict[int, Case] = {}
        self.count = 0

    def link(self, s: Segment) -> list[tuple[date, Values]]:
        """Sets s.case_id; returns the case rows to land (as opened, and its latest state)."""
        if s.wrap_code not in _CASE_CATEGORY or s.customer is None:
            return []
        at = s.answered_at or 0
        current = self._open.get(s.customer)
        if current and (current.resolved_at is None or current.resolved_at > at):
            s.case_id = current.case_id
            return []
        rng = self._rng
        if rng.random() >= 0.7 and self.count:
            return []
        self.count += 1
        resolved = at + int(rng.expovariate(1 / (20 * 3600)))
        case = Case(
            case_id=f"CS{self.count:06d}",
            customer=s.customer,
            channel=s.channel,
            category=_CASE_CATEGORY[s.wrap_code],
            priority=rng.choices(_PRIORITIES, cum_weights=_PRIORITY_WEIGHTS)[0],
            opened_at=at,
            opened_on=s.business_date,
            first_response_at=_within(at + draw(rng, 0, 7200), self._horizon),
            resolved_at=_within(resolved, self._horizon),
            closed_at=_within(resolved + DAY_SECONDS, self._horizon),
            reopened_count=1 if rng.random() < 0.1 else 0,
        )
        self._open[s.customer] = case
        s.case_id = case.case_id
        rows = [(case.opened_on, _case_row(case, "open", None, None, None))]
        if case.first_response_at is not None:
            status = (
                "closed" if case.closed_at else "resolved" if case.resolved_at else "in_progress"
            )
            latest = _case_row(
                case, status, case.first_response_at, case.resolved_at, case.closed_at
            )
            last_change = max(case.first_response_at, case.resolved_at or 0, case.closed_at or 0)
            rows.append((max(case.opened_on, local_date(last_change, None)), latest))
        return rows

    def forget_resolved(self, before: int) -> None:
        """Drop cases resolved before `before`: no later contact can link to them."""
        done = [
            k for k, c in self._open.items() if c.resolved_at is not None and c.resolved_at < before
        ]
        for k in done:
            del self._open[k]


def order_row(
    order_id: str, customer: int, contact_id: str | None, at: int, kind: str, amount: float
) -> Values:
    return [
        order_id,
        customer_id(customer),
        contact_id,
        UTC_STAMPS(at),
        kind,
        decimal(amount),
        CURRENCY,
        UTC_STAMPS(at),
    ]


class OrderDesk:
    """Orders credited to contacts: sale wraps, and the retention desk's cancel requests that
    end in an offer or a cancellation (which churns the customer)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        return f"OR{self.count:06d}"

    def orders(self, s: Segment) -> tuple[list[Values], bool]:
        """(order rows, whether the customer cancelled) for one answered segment."""
        if s.customer is None or s.queue is None:
            return [], False
        rng, at = self._rng, s.ended_at
        if s.wrap_code == "sale":
            if rng.random() < 0.7:
                kind, amount = "new_sale", rng.uniform(49, 499)
            else:
                kind, amount = "upsell", rng.uniform(10, 150)
        elif s.wrap_code == "cancel_request" and s.queue.purpose == "retention":
            if rng.random() < 0.55:
                kind, amount = "retention_offer", rng.uniform(10, 60)
            else:
                return [
                    order_row(self.next_id(), s.customer, s.contact_id, at, "cancellation", 0.0)
                ], True
        else:
            return [], False
        return [order_row(self.next_id(), s.customer, s.contact_id, at, kind, amount)], False

    def web_order(self, customer: int, at: int) -> Values:
        return order_row(self.next_id(), customer, None, at, "new_sale", self._rng.uniform(49, 499))
