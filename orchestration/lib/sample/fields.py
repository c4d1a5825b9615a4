"""Render Python values as landed text: every extract value is a string or None (null)."""

from __future__ import annotations

import random
from datetime import date

Row = dict[str, str | None]


def draw(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high], like rng.randint but several times faster."""
    return low + int(rng.random() * (high - low + 1))


def integer(value: int | None) -> str | None:
    return None if value is None else str(value)


def decimal(value: float | None, places: int = 2) -> str | None:
    return None if value is None else f"{value:.{places}f}"


def boolean(value: bool | None) -> str | None:
    if value is None:
        return None
    return "true" if value else "false"


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
