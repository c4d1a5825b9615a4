"""Workforce planning as a planner would do it: forecast -> staffing requirement -> shifts.

For a queue, a day of the week and the number of agents on the rota that day:
1. the day's volume is the one whose requirement fills the rota's productive hours
   (after shrinkage for absence, training and adherence);
2. the requirement per half hour follows the square-root staffing rule
   (R + beta * sqrt(R) agents for an offered load of R Erlangs), the usual approximation of
   an Erlang-C/Erlang-A staffing target;
3. shift starts are chosen greedily so the rota covers the gross requirement curve (the
   requirement divided by the share of rostered time that is really available).
Shifts are 8.5 hours starting on the half hour between 08:00 and 12:30, with two 15-minute
breaks and a 30-minute lunch, so coverage never matches the curve exactly: understaffed
half hours have longer waits and more abandons, as in a real centre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from orchestration.lib.sample.queues import HALF_HOURS, OPEN_MINUTES, Queue

SHIFT_MINUTES = 510  # 8.5 hours including a 30-minute unpaid lunch
SHIFT_STARTS = tuple(range(OPEN_MINUTES[0], OPEN_MINUTES[1] - SHIFT_MINUTES + 1, 30))
PRODUCTIVE_SECONDS = 7.5 * 3600  # shift minus lunch and two breaks
SHRINKAGE = 0.72  # share of rostered productive time really available (absence, adherence)
BETA = {"voice": 1.0, "chat": 0.8, "email": 0.5}
# Coverage of a shift per half hour from its start: breaks at +2 h and +6.5 h, lunch at +4 h.
SHIFT_COVER = tuple(0.0 if i == 8 else 0.5 if i in (4, 13) else 1.0 for i in range(17))


@dataclass(frozen=True)
class DayPlan:
    volume: float  # expected arrivals of the day
    requirement: tuple[float, ...]  # agents needed per half hour
    starts: tuple[int, ...]  # shift start minute of each rostered agent


def _requirement(
    volume: float, curve: tuple[float, ...], handle: float, beta: float
) -> list[float]:
    loads = [volume * c * handle / 1800 for c in curve]
    return [r + beta * math.sqrt(r) for r in loads]


def _volume(curve: tuple[float, ...], handle: float, beta: float, hours: float) -> float:
    """The volume whose requirement, summed over the half hours, equals the available hours."""
    low, high = 0.0, hours * 3600 / handle * 2 + 1
    for _ in range(50):
        mid = (low + high) / 2
        if sum(_requirement(mid, curve, handle, beta)) / 2 < hours:
            low = mid
        else:
            high = mid
    return low


def _starts(requirement: list[float], agents: int) -> tuple[int, ...]:
    staffed = [0.0] * HALF_HOURS
    starts = []
    for _ in range(agents):
        best, best_gain = 0, -1.0
        for k in range(len(SHIFT_STARTS)):
            gain = sum(
                min(cover, max(0.0, requirement[k + i] - staffed[k + i]))
                for i, cover in enumerate(SHIFT_COVER)
            )
            if gain > best_gain + 1e-9:
                best, best_gain = k, gain
        for i, cover in enumerate(SHIFT_COVER):
            staffed[best + i] += cover
        starts.append(SHIFT_STARTS[best])
    return tuple(sorted(starts))


@lru_cache(maxsize=4096)
def _plan(curve: tuple[float, ...], handle: float, beta: float, agents: int) -> DayPlan:
    hours = agents * PRODUCTIVE_SECONDS / 3600 * SHRINKAGE
    volume = _volume(curve, handle, beta, hours) if agents else 0.0
    requirement = _requirement(volume, curve, handle, beta)
    gross = [r / SHRINKAGE for r in requirement]  # schedule for the agents who will be there
    return DayPlan(volume, tuple(requirement), _starts(gross, agents))


def plan_day(queue: Queue, agents: int) -> DayPlan:
    """The plan for one queue on a day with `agents` on the rota."""
    return _plan(queue.curve, queue.handle_seconds, BETA[queue.channel], agents)


def rota_sizes(headcount: int, weights: tuple[float, ...], shifts_per_week: int = 5) -> list[int]:
    """Agents on the rota per day of the week: 5 shifts per agent, spread like the demand."""
    if headcount == 0:
        return [0] * len(weights)
    total = headcount * shifts_per_week
    scale = total / sum(weights)
    sizes = [min(headcount, max(1, math.floor(w * scale))) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(weights[i] * scale - sizes[i]), i))
    for i in order * shifts_per_week:
        if sum(sizes) >= total:
            break
        if sizes[i] < headcount:
            sizes[i] += 1
    return sizes
