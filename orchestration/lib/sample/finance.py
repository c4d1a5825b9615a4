"""Monthly costs per site and category, from what the simulation consumed.

Labour is the paid hours (worked shifts, paid absences) times each agent's hourly cost;
telephony is a trunk fee plus handled voice minutes; facilities and technology follow the
headcount. A month lands on its last date; a month still running when the range ends lands
on the last date as month to date.
"""

from __future__ import annotations

import random
from collections import defaultdict

from orchestration.lib.sample.crm import CURRENCY
from orchestration.lib.sample.fields import decimal

CATEGORIES = ("labour", "telephony", "facilities", "technology", "other")
TRUNK_FEE, PER_MINUTE = 1_500.0, 0.012
SEAT_PER_DAY, TECHNOLOGY_PER_DAY = 15.0, 8.0


class CostLedger:
    def __init__(self, rng: random.Random, sites: tuple[str, ...]) -> None:
        self._rng = rng
        self._sites = sites
        self._amounts: dict[str, defaultdict[tuple[str, str], float]] = {}

    def _month(self, month: str) -> defaultdict[tuple[str, str], float]:
        return self._amounts.setdefault(month, defaultdict(float))

    def add(self, month: str, site: str, category: str, amount: float) -> None:
        self._month(month)[(site, category)] += amount

    def close_month(self, month: str) -> list[list[str | None]]:
        """The month's rows, one per site and category, in a fixed order."""
        amounts = self._amounts.pop(month, defaultdict(float))
        rows = []
        for site in self._sites:
            for category in CATEGORIES:
                amount = amounts[(site, category)]
                if category == "telephony":
                    amount += TRUNK_FEE
                elif category == "other":
                    amount = self._rng.uniform(500, 1_500)
                rows.append([month, site, category, decimal(amount), CURRENCY])
        return rows

    def open_months(self) -> list[str]:
        return sorted(self._amounts)
