"""Monthly costs per site and category, landed on the first date of each month in the range."""

from __future__ import annotations

import random
from datetime import date

from orchestration.lib.sample.crm import CURRENCY
from orchestration.lib.sample.fields import Row, decimal
from orchestration.lib.sample.people import PAID_HOURS, SITES, Agent

CATEGORIES = ("labour", "telephony", "facilities", "technology", "other")
_WORKDAYS_PER_MONTH = 21
_RANGES = {
    "telephony": (2_000, 5_000),
    "facilities": (8_000, 15_000),
    "technology": (3_000, 6_000),
    "other": (500, 1_500),
}


def finance_rows(
    rng: random.Random, agents: list[Agent], days: list[date]
) -> list[tuple[date, Row]]:
    first_day_of_month: dict[str, date] = {}
    for on in days:
        first_day_of_month.setdefault(on.strftime("%Y-%m"), on)
    rows = []
    for month, on in first_day_of_month.items():
        for site in SITES:
            labour = (
                sum(a.hourly_cost for a in agents if a.site == site)
                * PAID_HOURS
                * _WORKDAYS_PER_MONTH
            )
            for category in CATEGORIES:
                amount = labour if category == "labour" else rng.uniform(*_RANGES[category])
                row = {
                    "cost_month": month,
                    "site": site,
                    "category": category,
                    "amount": decimal(amount),
                    "currency": CURRENCY,
                }
                rows.append((on, row))
    return rows
