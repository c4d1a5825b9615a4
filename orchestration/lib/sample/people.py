"""Agents, their shifts and absences: HR and WFM, and the actual log-in periods the ACD sees.

The roster changes day by day: agents leave (about 30 % a year, mostly voluntarily) and are
replaced by new hires a few weeks later; a new hire spends the first working days in training.
Each queue's rota puts five shifts a week per agent on the days of the week in proportion to
demand; shift starts follow the staffing requirement (planning.py). Vacation weeks are
planned (no schedule), sickness and no-shows are not (the schedule exists, the agent does
not log in). Shifts are in the local time of the agent's primary queue. The actual periods
follow the plan with small deviations (late log-in, long breaks, early log-out).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from orchestration.lib.sample.clock import UTC_STAMPS, format_ts, local_epoch, utc_epoch
from orchestration.lib.sample.fields import Row, boolean, day, decimal, integer
from orchestration.lib.sample.planning import SHIFT_MINUTES, plan_day, rota_sizes
from orchestration.lib.sample.queues import Queue
from orchestration.lib.sample.text import fake_name

SITES = ("Leipzig", "Porto")
_HOURLY_COST = {"Leipzig": (24.0, 31.0), "Porto": (16.0, 21.0)}
ABSENCE_TYPES = ("sick", "vacation", "no_show")
PAID_HOURS = 8.0  # an 8.5-hour shift with a 30-minute unpaid lunch
ANNUAL_ATTRITION = 0.3
VOLUNTARY_SHARE = 0.75
SICK_RATE, NO_SHOW_RATE = 0.035, 0.006
VACATION_WEEK_ONE_IN = 11  # about 4.7 vacation weeks a year
NESTING_DAYS = 3  # a new hire's first working days are all training
TEAM_SIZE = 12


@dataclass(frozen=True)
class Agent:
    agent_id: str
    number: int
    full_name: str
    team_id: str
    site: str
    queue: Queue
    hired_at: date
    hourly_cost: float
    terminated_at: date | None = None
    termination_type: str | None = None

    def employed_on(self, on: date) -> bool:
        return self.hired_at <= on and (self.terminated_at is None or on < self.terminated_at)


@dataclass(frozen=True)
class Block:
    activity: str  # work, break, lunch, training, meeting
    start: int
    end: int


@dataclass(frozen=True)
class Absence:
    agent_id: str
    day: date
    absence_type: str
    is_approved: bool


@dataclass(eq=False)
class AgentDay:
    """One employed agent on one local day: the plan (WFM) and what happened (ACD)."""

    agent: Agent
    day: date
    scheduled: tuple[Block, ...]
    actual: tuple[Block, ...]
    # (answered_at, ended_at, wrap_end) of every contact the agent answered that day, in order.
    handled: list[tuple[int, int, int]] = field(default_factory=list)


def _agent(
    rng: random.Random, number: int, queue: Queue, queue_index: int, rank: int, hired: date
) -> Agent:
    site = SITES[queue_index % 2]
    first, last = fake_name(rng)
    low, high = _HOURLY_COST[site]
    return Agent(
        agent_id=f"AG{number:03d}",
        number=number,
        full_name=f"{first} {last}",
        team_id=f"T{queue_index + 1:02d}{'ABCDEFGHJKLMNPQRSTUVWXYZ'[rank // TEAM_SIZE % 24]}",
        site=site,
        queue=queue,
        hired_at=hired,
        hourly_cost=round(rng.uniform(low, high), 2),
    )


def build_agents(
    rng: random.Random, queues: list[Queue], count: int, start: date, days: int
) -> list[Agent]:
    """The roster on the first day. The last agent leaves on the second day (so every range
    longer than a day has a termination)."""
    agents = []
    for i in range(count):
        queue_index = i % len(queues)
        hired = start - timedelta(days=rng.randint(30, 1500))
        agent = _agent(rng, i + 1, queues[queue_index], queue_index, i // len(queues), hired)
        if i == count - 1 and count > 1 and days > 1:
            agent = replace(
                agent, terminated_at=start + timedelta(days=1), termination_type="voluntary"
            )
        agents.append(agent)
    return agents


class Roster:
    """Who is employed on each day, with attrition and replacement hires drawn day by day."""

    def __init__(
        self, rng: random.Random, queues: list[Queue], agents: list[Agent], start: date
    ) -> None:
        self._rng = rng
        self._queues = queues
        self._index = {q.queue_id: i for i, q in enumerate(queues)}
        self.agents: dict[int, Agent] = {a.number: a for a in agents}
        self._next_number = len(agents) + 1
        self._hires: dict[date, list[Agent]] = {}
        self.start = start
        for a in agents:
            if a.terminated_at:  # the scripted leaver is replaced the next day
                self._plan_hire(a, a.terminated_at + timedelta(days=1))

    def _plan_hire(self, leaver: Agent, on: date) -> None:
        number = self._next_number
        self._next_number += 1
        queue_index = self._index[leaver.queue.queue_id]
        hire = _agent(self._rng, number, leaver.queue, queue_index, 0, on)
        self._hires.setdefault(on, []).append(replace(hire, team_id=leaver.team_id))

    def advance(self, on: date) -> tuple[list[Agent], list[Agent]]:
        """Move to `on`: returns (hired on `on`, leaving on `on`) and updates the roster."""
        hired = self._hires.pop(on, [])
        for a in hired:
            self.agents[a.number] = a
        leaving = [a for a in self.agents.values() if a.terminated_at == on]
        if on > self.start:
            daily = ANNUAL_ATTRITION / 365
            for number in sorted(self.agents):
                a = self.agents[number]
                if a.terminated_at is None and a.hired_at < on and self._rng.random() < daily:
                    kind = "voluntary" if self._rng.random() < VOLUNTARY_SHARE else "involuntary"
                    a = self.agents[number] = replace(a, terminated_at=on, termination_type=kind)
                    leaving.append(a)
                    self._plan_hire(a, on + timedelta(days=self._rng.randint(7, 28)))
        for a in [a for a in self.agents.values() if a.terminated_at and a.terminated_at < on]:
            del self.agents[a.number]
        return hired, leaving

    def employed(self, on: date) -> list[Agent]:
        return [self.agents[n] for n in sorted(self.agents) if self.agents[n].employed_on(on)]


def _plan(
    start_minute: int, stagger: int, training: bool, meeting: bool, nesting: bool
) -> list[tuple[str, int, int]]:
    """(activity, start minute, end minute) in local time, contiguous over the shift."""
    begin, end = start_minute, start_minute + SHIFT_MINUTES
    if nesting:
        return [("training", begin, begin + 240), ("lunch", begin + 240, begin + 270),
                ("training", begin + 270, end)]  # fmt: skip
    s = begin + stagger
    blocks = [("break", s + 120, s + 135), ("lunch", s + 240, s + 270), ("break", s + 390, s + 405)]
    if training:
        blocks.append(("training", s + 300, s + 360))
    if meeting:
        blocks.append(("meeting", begin + 60, begin + 90))
    blocks.sort(key=lambda b: b[1])
    plan, cursor = [], begin
    for activity, a, b in blocks:
        if a > cursor:
            plan.append(("work", cursor, a))
        plan.append((activity, a, b))
        cursor = b
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
        replace(b, start=s, end=e) for b, s, e in zip(scheduled, starts, ends, strict=True) if s < e
    )


def _vacation_week(agent: Agent, week: int) -> bool:
    return (agent.number * 7919 + week * 104_729) % VACATION_WEEK_ONE_IN == 0


class Workforce:
    """Plans every employed agent's day: rota, shift, absences, actual log-in periods."""

    def __init__(self, rng: random.Random, roster: Roster, queues: list[Queue], last: date) -> None:
        self._rng = rng
        self.roster = roster
        self._queues = queues
        self._last = last
        self._worked_days: dict[int, int] = {}  # agent number -> working days so far
        self.absences_so_far = 0

    def plan(
        self, on: date
    ) -> tuple[list[AgentDay], list[Absence], dict[str, float], list[Agent], list[Agent]]:
        """Agent days, absences, the planned volume per queue, hires and leavers of `on`."""
        hired, leaving = self.roster.advance(on)
        employed = self.roster.employed(on)
        weekday, week = on.weekday(), on.toordinal() // 7
        agent_days: list[AgentDay] = []
        absences: list[Absence] = []
        volumes: dict[str, float] = {}
        for queue in self._queues:
            team = [a for a in employed if a.queue.queue_id == queue.queue_id]
            sizes = rota_sizes(len(team), queue.day_of_week)
            offset = (sum(sizes[:weekday]) + 3 * week) % len(team) if team else 0
            on_rota = [a for k, a in enumerate(team) if (k - offset) % len(team) < sizes[weekday]]
            plan = plan_day(queue, len(on_rota))
            volumes[queue.queue_id] = plan.volume
            on_vacation = {a.agent_id for a in on_rota if _vacation_week(a, week)}
            if on_rota and len(on_vacation) == len(on_rota):
                on_vacation.discard(on_rota[0].agent_id)  # someone always covers the queue
            present = len(on_rota) - len(on_vacation)
            starts = {
                a.agent_id: plan.starts[(i + on.toordinal()) % len(plan.starts)]
                for i, a in enumerate(on_rota)
            }
            for rank, agent in enumerate(team):
                absence = None
                if agent.agent_id in on_vacation:
                    absence = Absence(agent.agent_id, on, "vacation", True)
                elif agent.agent_id in starts and present > 1:
                    draw = self._rng.random()
                    if draw < SICK_RATE:
                        absence = Absence(agent.agent_id, on, "sick", self._rng.random() < 0.8)
                    elif draw < SICK_RATE + NO_SHOW_RATE:
                        absence = Absence(agent.agent_id, on, "no_show", False)
                    present -= absence is not None
                if absence:
                    absences.append(absence)
                agent_days.append(
                    self._agent_day(agent, on, rank, starts.get(agent.agent_id), absence)
                )
        if on == self._last and self.absences_so_far + len(absences) == 0:
            self._force_absence(agent_days, absences)
        self.absences_so_far += len(absences)
        return agent_days, absences, volumes, hired, leaving

    @staticmethod
    def _force_absence(agent_days: list[AgentDay], absences: list[Absence]) -> None:
        """Every range has an absence: on its last day the busiest queue loses one agent."""
        present: dict[str, list[int]] = {}
        for i, ad in enumerate(agent_days):
            if ad.actual:
                present.setdefault(ad.agent.queue.queue_id, []).append(i)
        if not present:
            return
        busiest = max(sorted(present), key=lambda q: len(present[q]))
        index = present[busiest][-1]
        ad = agent_days[index]
        agent_days[index] = AgentDay(ad.agent, ad.day, ad.scheduled, ())
        absences.append(Absence(ad.agent.agent_id, ad.day, "sick", True))

    def _agent_day(
        self, agent: Agent, on: date, rank: int, start: int | None, absence: Absence | None
    ) -> AgentDay:
        if start is None or (absence and absence.absence_type == "vacation"):
            return AgentDay(agent, on, (), ())
        worked = self._worked_days.get(agent.number, 0)
        nesting = agent.hired_at > self.roster.start and worked < NESTING_DAYS
        self._worked_days[agent.number] = worked + 1
        plan = _plan(
            start,
            stagger=15 * (rank % 3),
            training=(agent.number + on.toordinal()) % 14 == 0,
            meeting=on.weekday() == int(agent.team_id[1:3]) % 5,
            nesting=nesting,
        )
        tz = agent.queue.timezone
        scheduled = tuple(
            Block(a, local_epoch(on, s, tz), local_epoch(on, e, tz)) for a, s, e in plan
        )
        actual = () if absence else _actual(self._rng, scheduled)
        return AgentDay(agent, on, scheduled, actual)


def agent_row(a: Agent, updated_at: str | None) -> Row:
    return {
        "agent_id": a.agent_id,
        "full_name": a.full_name,
        "team_id": a.team_id,
        "site": a.site,
        "primary_queue_id": a.queue.queue_id,
        "hired_at": day(a.hired_at),
        "terminated_at": day(a.terminated_at),
        "termination_type": a.termination_type,
        "hourly_cost": decimal(a.hourly_cost),
        "updated_at": updated_at,
    }


def initial_agent_rows(agents: list[Agent], start: date) -> Iterator[Row]:
    """Every agent of the first day's roster, as HR knew it the evening before."""
    since = format_ts(utc_epoch(start - timedelta(days=1)))
    for a in agents:
        yield agent_row(replace(a, terminated_at=None, termination_type=None), since)


def hire_row(a: Agent) -> Row:
    return agent_row(a, format_ts(utc_epoch(a.hired_at, 8)))


def termination_row(a: Agent) -> Row:
    assert a.terminated_at is not None
    return agent_row(a, format_ts(utc_epoch(a.terminated_at, 9)))


def schedule_rows(agent_day: AgentDay) -> Iterator[list[str | None]]:
    published = UTC_STAMPS(utc_epoch(agent_day.day - timedelta(days=7), 12))
    for b in agent_day.scheduled:
        yield [
            agent_day.agent.agent_id,
            b.activity,
            UTC_STAMPS(b.start),
            UTC_STAMPS(b.end),
            published,
        ]


_RECORDED = {"sick": (0, 7), "vacation": (-21, 9), "no_show": (0, 23)}  # days before, hour


def absence_row(a: Absence) -> list[str | None]:
    days_before, hour = _RECORDED[a.absence_type]
    return [
        a.agent_id,
        day(a.day),
        a.absence_type,
        decimal(PAID_HOURS, 1),
        boolean(a.is_approved),
        format_ts(utc_epoch(a.day + timedelta(days=days_before), hour)),
    ]


def employee_survey_rows(
    rng: random.Random, agents: list[Agent], on: date, first_id: int
) -> list[list[str | None]]:
    """A pulse survey on one day: most agents answer, some anonymously."""
    rows = []
    for agent in [a for a in agents if rng.random() < 0.7] or agents[:1]:
        esat = rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 6, 3))[0]
        enps = min(10, max(0, esat * 2 + rng.randint(-2, 1)))
        rows.append(
            [
                f"ES{first_id + len(rows):05d}",
                None if rng.random() < 0.25 else agent.agent_id,
                agent.team_id,
                format_ts(utc_epoch(on, 10) + rng.randint(0, 6 * 3600)),
                integer(esat),
                integer(enps),
            ]
        )
    return rows
