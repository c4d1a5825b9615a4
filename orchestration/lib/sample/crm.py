"""CRM cases opened from contacts, and orders credited to contacts (sales, retention)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from orchestration.lib.sample.clock import DAY_SECONDS, format_ts, local_date, utc_epoch
from orchestration.lib.sample.customers import Customer
from orchestration.lib.sample.fields import Row, decimal, integer
from orchestration.lib.sample.segments import Segment

_CASE_CATEGORY = {"technical_issue": "technical", "billing": "billing"}
_PRIORITIES = (("low", 2), ("normal", 5), ("high", 2), ("urgent", 1))
CURRENCY = "EUR"


@dataclass(frozen=True)
class Case:
    case_id: str
    customer_id: str
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


def link_cases(rng: random.Random, segments: list[Segment], horizon: int) -> list[Case]:
    """Open a case for most billing and technical contacts of known customers; a repeat contact
    while the case is unresolved is linked to it. Sets `case_id` on the segments.
    Events after `horizon` (the end of the range) have not happened yet."""
    cases: list[Case] = []
    open_case: dict[str, Case] = {}
    answered = sorted(
        (s for s in segments if s.is_answered), key=lambda s: (s.answered_at, s.contact_id)
    )
    for s in answered:
        if s.wrap_code not in _CASE_CATEGORY or s.customer is None:
            continue
        at = s.answered_at or 0
        current = open_case.get(s.customer.customer_id)
        if current and (current.resolved_at is None or current.resolved_at > at):
            s.case_id = current.case_id
            continue
        if rng.random() >= 0.7 and cases:
            continue
        resolved = at + int(rng.expovariate(1 / (20 * 3600)))
        reopened = 1 if rng.random() < 0.1 else 0
        case = Case(
            case_id=f"CS{len(cases) + 1:06d}",
            customer_id=s.customer.customer_id,
            channel=s.channel,
            category=_CASE_CATEGORY[s.wrap_code],
            priority=rng.choices(*zip(*_PRIORITIES, strict=True))[0],
            opened_at=at,
            opened_on=s.business_date,
            first_response_at=_within(at + rng.randint(0, 7200), horizon),
            resolved_at=_within(resolved, horizon),
            closed_at=_within(resolved + DAY_SECONDS, horizon),
            reopened_count=reopened,
        )
        cases.append(case)
        open_case[case.customer_id] = case
        s.case_id = case.case_id
    return cases


def _case_row(
    c: Case, status: str, first: int | None, resolved: int | None, closed: int | None
) -> Row:
    return {
        "case_id": c.case_id,
        "customer_id": c.customer_id,
        "channel": c.channel,
        "category": c.category,
        "priority": c.priority,
        "status": status,
        "opened_at": format_ts(c.opened_at),
        "first_response_at": format_ts(first),
        "resolved_at": format_ts(resolved),
        "closed_at": format_ts(closed),
        "reopened_count": integer(c.reopened_count if resolved else 0),
        "updated_at": format_ts(
            max(t for t in (c.opened_at, first, resolved, closed) if t is not None)
        ),
    }


def case_rows(cases: list[Case]) -> list[tuple[date, Row]]:
    """The case as opened, on its contact's date; its latest state again on the date it changed."""
    rows = []
    for c in cases:
        rows.append((c.opened_on, _case_row(c, "open", None, None, None)))
        if c.first_response_at is None:
            continue
        status = "closed" if c.closed_at else "resolved" if c.resolved_at else "in_progress"
        latest = _case_row(c, status, c.first_response_at, c.resolved_at, c.closed_at)
        changed_on = max(
            c.opened_on,
            local_date(max(c.first_response_at, c.resolved_at or 0, c.closed_at or 0), None),
        )
        rows.append((changed_on, latest))
    return rows


def _order_row(
    order_id: str, customer_id: str, contact_id: str | None, at: int, kind: str, amount: float
) -> Row:
    return {
        "order_id": order_id,
        "customer_id": customer_id,
        "contact_id": contact_id,
        "ordered_at": format_ts(at),
        "order_type": kind,
        "amount": decimal(amount),
        "currency": CURRENCY,
        "updated_at": format_ts(at),
    }


def order_rows(
    rng: random.Random, segments: list[Segment], customers: list[Customer], days: list[date]
) -> tuple[list[tuple[date, Row]], dict[str, tuple[date, int]]]:
    """Orders credited to contacts (sale wraps; retention-desk cancel requests end in an offer or a
    cancellation), plus a few web orders without a contact. Returns the rows and the churns:
    customer_id -> (date, churned_at) for every cancellation."""
    rows: list[tuple[date, Row]] = []
    churns: dict[str, tuple[date, int]] = {}

    def add(
        customer_id: str, contact_id: str | None, at: int, on: date, kind: str, amount: float
    ) -> None:
        rows.append(
            (on, _order_row(f"OR{len(rows) + 1:06d}", customer_id, contact_id, at, kind, amount))
        )

    for s in segments:
        if not s.is_answered or s.customer is None or s.queue is None:
            continue
        cid = s.customer.customer_id
        if s.wrap_code == "sale":
            if rng.random() < 0.7:
                add(
                    cid, s.contact_id, s.ended_at, s.business_date, "new_sale", rng.uniform(49, 499)
                )
            else:
                add(cid, s.contact_id, s.ended_at, s.business_date, "upsell", rng.uniform(10, 150))
        elif s.wrap_code == "cancel_request" and s.queue.purpose == "retention":
            if rng.random() < 0.55:
                add(
                    cid,
                    s.contact_id,
                    s.ended_at,
                    s.business_date,
                    "retention_offer",
                    rng.uniform(10, 60),
                )
            else:
                add(cid, s.contact_id, s.ended_at, s.business_date, "cancellation", 0.0)
                churns.setdefault(cid, (s.business_date, s.ended_at))
    for on in days:
        for _ in range(2):
            at = utc_epoch(on, 6) + rng.randint(0, 16 * 3600)
            customer = rng.choice([c for c in customers if c.created_at <= at][:500])
            add(customer.customer_id, None, at, on, "new_sale", rng.uniform(49, 499))
    return rows, churns
