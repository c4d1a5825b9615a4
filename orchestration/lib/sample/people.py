"""Agents, their shifts and absences: HR and WFM, and the actual log-in periods the ACD sees.

Shifts are planned in the local time of the agent's primary queue. The actual periods follow
the plan with small deviations (late log-in, long breaks, early log-out), so adherence is high
but not perfect.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from orchestration.lib.sample.clock import format_ts, local_epoch, utc_epoch
from orchestration.lib.sample.fields import Row, boolean, day, decimal, integer
from orchestration.lib.sample.queues import Queue
from orchestration.lib.sample.text import fake_name

SITES = ("Leipzig", "Porto")
_HOURLY_COST = {"Leipzig": (24.0, 31.0), "Porto": (16.0, 21.0)}
ABSENCE_TYPES = ("sick", "vacation", "no_show")
PAID_HOURS = 8.0  # an 8.5-hour shift with a 30-minute unpaid lunch


@dataclass(frozen=True)
class Agent:
    agent_id: str
    full_name: str
    team_id: str
    site: str
    queue: Queue
    rank: int  # position among the agents of the primary queue
    hired_at: date
    hourly_cost: float
    terminated_at: date | None = None
    termination_type: str | None = None

    def employed_on(self, on: date) -> bool:
        return self.hired_at <= on and (self.terminated_at is None or on < self.terminated_at)


@dataclass(frozen=True)
class Block:
    activity: str  # work, break, lunch, training
    start: int
    end: int


@dataclass(frozen=True)
class Absence:
    agent_id: str
    day: date
    absence_type: str
    is_approved: bool


@dataclass(frozen=True)
class AgentDay:
    """One employed agent on one local day: the plan (WFM) and what happened (ACD)."""

    agent: Agent
    day: date
    scheduled: tuple[Block, ...]
    actual: tuple[Block, ...]


def build_agents(
    rng: random.Random, queues: list[Queue], count: int, start: date, days: int
) -> list[Agent]:
    agents = []
    for i in range(count):
        queue_index = i % len(queues)
        queue, rank = queues[queue_index], i // len(queues)
        site = SITES[queue_index % 2]
        first, last = fake_name(rng)
        low, high = _HOURLY_COST[site]
        agent = Agent(
            agent_id=f"AG{i + 1:03d}",
            full_name=f"{first} {last}",
            team_id=f"T{queue_index + 1:02d}{'ABCDEFGH'[rank // 8 % 8]}",
            site=site,
            queue=queue,
            rank=rank,
            hired_at=start - timedelta(days=rng.randint(30, 1500)),
            hourly_cost=round(rng.uniform(low, high), 2),
        )
        if i == count - 1 and count > 1 and days > 1:
            agent = replace(
                agent, terminated_at=start + timedelta(days=1), termination_type="voluntary"
            )
        agents.append(agent)
    return agents


def _plan(agent: Agent, training: bool) -> list[tuple[str, int, int]]:
    """(activity, start minute, end minute) in local time, contiguous from shift start to end."""
    offset = 15 * (agent.rank // 2 % 3)  # stagger breaks so a queue is never empty
    if agent.rank % 2 == 0:
        begin, end = 8 * 60, 16 * 60 + 30
        other = [("break", 600, 615), ("lunch", 720, 750), ("break", 870, 885)]
        training_block = ("training", 930, 990)
    else:
        begin, end = 12 * 60 + 30, 21 * 60
        other = [("break", 870, 885), ("lunch", 1020, 1050), ("break", 1140, 1155)]
        training_block = ("training", 780, 840)
    blocks = [(a, s + offset, e + offset) for a, s, e in other]
    if training:
        blocks.append(training_block)
    blocks.sort(key=lambda b: b[1])
    plan, cursor = [], begin
    for activity, s, e in blocks:
        if s > cursor:
            plan.append(("work", cursor, s))
        plan.append((activity, s, e))
        cursor = e
    if cursor < end:
        plan.append(("work", cursor, end))
    return plan


def _actual(rng: random.Random, scheduled: tuple[Block, ...]) -> tuple[Block, ...]:
    """The plan with deviations: late log-in, overrun breaks, early log-out."""
    starts = [b.start for b in scheduled]
    ends = [b.end for b in scheduled]
    if rng.random() < 0.2:
        starts[0] += rng.randint(60, 360)
    for i, block in enumerate(scheduled[:-1]):
        if block.activity in ("break", "lunch") and rng.random() < 0.15:
            overrun = rng.randint(60, 300)
            ends[i] += overrun
            starts[i + 1] += overrun
    if scheduled[-1].activity == "work" and rng.random() < 0.05:
        ends[-1] -= rng.randint(60, 300)
    return tuple(
        replace(b, start=s, end=e) for b, s, e in zip(scheduled, starts, ends, strict=True)
    )


def _absences(
    rng: random.Random, working: list[Agent], on: date, day_index: int, count: int
) -> list[Absence]:
    absences = []
    for j, agent in enumerate(rng.sample(working, count)):
        kind = ABSENCE_TYPES[(day_index + j) % len(ABSENCE_TYPES)]
        approved = {"sick": rng.random() < 0.8, "vacation": True, "no_show": False}[kind]
        absences.append(Absence(agent.agent_id, on, kind, approved))
    return absences


def build_agent_days(
    rng: random.Random, agents: list[Agent], days: list[date]
) -> tuple[list[AgentDay], list[Absence]]:
    agent_days, absences = [], []
    for day_index, on in enumerate(days):
        employed = [a for a in agents if a.employed_on(on)]
        on_rota = [a for i, a in enumerate(employed) if (day_index + i) % 7 != 6]
        rota_ids = {a.agent_id for a in on_rota}
        count = len(on_rota) // 10
        if not absences and day_index == len(days) - 1 and (len(on_rota) > 1 or day_index > 0):
            count = max(count, min(1, len(on_rota)))  # at least one absence in the range
        absent = {a.agent_id: a for a in _absences(rng, on_rota, on, day_index, count)}
        absences.extend(absent.values())
        training_day = min(1, len(days) - 1)
        for agent in employed:
            scheduled: tuple[Block, ...] = ()
            actual: tuple[Block, ...] = ()
            absence = absent.get(agent.agent_id)
            if agent.agent_id in rota_ids and not (absence and absence.absence_type == "vacation"):
                plan = _plan(agent, training=agent.rank == 0 and day_index == training_day)
                tz = agent.queue.timezone
                scheduled = tuple(
                    Block(a, local_epoch(on, s, tz), local_epoch(on, e, tz)) for a, s, e in plan
                )
                actual = () if absence else _actual(rng, scheduled)
            agent_days.append(AgentDay(agent, on, scheduled, actual))
    return agent_days, absences


def agent_rows(agents: list[Agent], start: date) -> list[tuple[date, Row]]:
    """Every agent on the first date; a termination lands again on its own date."""
    rows = []
    since = format_ts(utc_epoch(start - timedelta(days=1)))
    for a in agents:
        row = {
            "agent_id": a.agent_id,
            "full_name": a.full_name,
            "team_id": a.team_id,
            "site": a.site,
            "primary_queue_id": a.queue.queue_id,
            "hired_at": day(a.hired_at),
            "terminated_at": None,
            "termination_type": None,
            "hourly_cost": decimal(a.hourly_cost),
            "updated_at": since,
        }
        rows.append((start, row))
        if a.terminated_at:
            terminated = dict(
                row,
                terminated_at=day(a.terminated_at),
                termination_type=a.termination_type,
                updated_at=format_ts(utc_epoch(a.terminated_at, 9)),
            )
            rows.append((a.terminated_at, terminated))
    return rows


def schedule_rows(agent_days: list[AgentDay]) -> list[tuple[date, Row]]:
    rows = []
    for ad in agent_days:
        published = format_ts(utc_epoch(ad.day - timedelta(days=7), 12))
        for b in ad.scheduled:
            row = {
                "agent_id": ad.agent.agent_id,
                "activity": b.activity,
                "starts_at": format_ts(b.start),
                "ends_at": format_ts(b.end),
                "updated_at": published,
            }
            rows.append((ad.day, row))
    return rows


def absence_rows(absences: list[Absence]) -> list[tuple[date, Row]]:
    recorded = {
        "sick": lambda d: utc_epoch(d, 7),
        "vacation": lambda d: utc_epoch(d - timedelta(days=21), 9),
        "no_show": lambda d: utc_epoch(d, 23),
    }
    return [
        (
            a.day,
            {
                "agent_id": a.agent_id,
                "absence_date": day(a.day),
                "absence_type": a.absence_type,
                "hours": decimal(PAID_HOURS, 1),
                "is_approved": boolean(a.is_approved),
                "updated_at": format_ts(recorded[a.absence_type](a.day)),
            },
        )
        for a in absences
    ]


def employee_survey_rows(
    rng: random.Random, agents: list[Agent], on: date
) -> list[tuple[date, Row]]:
    """A pulse survey on one day: most agents answer, some anonymously."""
    rows = []
    employed = [a for a in agents if a.employed_on(on)]
    for agent in [a for a in employed if rng.random() < 0.7] or employed[:1]:
        esat = rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 6, 3))[0]
        enps = min(10, max(0, esat * 2 + rng.randint(-2, 1)))
        row = {
            "response_id": f"ES{len(rows) + 1:04d}",
            "agent_id": None if rng.random() < 0.25 else agent.agent_id,
            "team_id": agent.team_id,
            "responded_at": format_ts(utc_epoch(on, 10) + rng.randint(0, 6 * 3600)),
            "esat": integer(esat),
            "enps": integer(enps),
        }
        rows.append((on, row))
    return rows
