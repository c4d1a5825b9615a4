"""The ACD simulation: Poisson arrivals per queue, FIFO routing to the queue's logged-in agents.

Contacts are processed in the order they enter a queue (a heap, so transfers and callbacks
join in time). Each contact goes to the agent who is idle in a work period first, longest-idle
first on a tie; it abandons when its patience runs out first, or times out when the queue gives
up. Handling that runs past the end of a work period delays the agent's break or log-out.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field, replace
from datetime import date

from orchestration.lib.sample.clock import local_date, local_epoch
from orchestration.lib.sample.customers import Customer, CustomerPicker
from orchestration.lib.sample.people import AgentDay
from orchestration.lib.sample.queues import OPEN_MINUTES, Queue
from orchestration.lib.sample.segments import Segment

_TALK_MEAN = {"voice": 260.0, "callback": 260.0, "chat": 540.0, "email": 300.0}
_PURPOSE_FACTOR = {"service": 1.0, "sales": 1.2, "retention": 1.3, "technical": 1.4}
_ACW_RANGE = {"voice": (10, 90), "callback": (10, 90), "chat": (5, 60), "email": (0, 30)}
_HOLD_SHARE, _HOLD_RANGE = 0.3, (10, 120)
_TIMEOUT = {"voice": 600, "chat": 900, "email": 86_400, "callback": 7200}
_IVR_RANGE = {"voice": (15, 90), "chat": (3, 15), "email": (0, 0)}
_LOAD = {"voice": 0.65, "chat": 0.65, "email": 0.5}
_TRANSFER_SHARE = {"voice": 0.07, "chat": 0.03, "email": 0.0, "callback": 0.0}
_CALLBACK_OFFER_AFTER = 45
# Relative arrivals per local hour from 08:00 to 20:00.
_INTRADAY = (0.7, 1.0, 1.2, 1.25, 1.1, 0.95, 1.0, 1.1, 1.05, 0.95, 0.85, 0.7, 0.55)
_BASE_PER_HOUR = 0.5  # a trickle even when nobody is staffed
_WRAP_CODES = {  # purpose -> {wrap code: weight}
    "service": {
        "billing": 35,
        "general": 40,
        "technical_issue": 15,
        "cancel_request": 5,
        "sale": 5,
    },
    "sales": {"sale": 40, "general": 40, "billing": 20},
    "retention": {"cancel_request": 60, "billing": 20, "general": 20},
    "technical": {"technical_issue": 70, "general": 30},
}


@dataclass(frozen=True)
class _Pending:
    contact_id: str
    initial_contact_id: str
    previous_contact_id: str | None
    channel: str
    direction: str
    queue: Queue
    customer: Customer | None
    ani: str
    arrived_at: int
    queued_at: int
    business_date: date
    kind: str  # inbound, transfer, callback

    def follow_up(self, contact_id: str, queue: Queue, at: int, kind: str) -> _Pending:
        """The next segment of the same contact: a transfer or a callback, queued at `at`."""
        callback = kind == "callback"
        return replace(
            self,
            contact_id=contact_id,
            previous_contact_id=self.contact_id,
            channel="callback" if callback else self.channel,
            direction="outbound" if callback else self.direction,
            queue=queue,
            arrived_at=at,
            queued_at=at,
            business_date=local_date(at, queue.timezone) if callback else self.business_date,
            kind=kind,
        )

    def open_segment(self) -> Segment:
        """The segment as it enters the queue; routing fills in how it ends."""
        return Segment(
            contact_id=self.contact_id,
            initial_contact_id=self.initial_contact_id,
            previous_contact_id=self.previous_contact_id,
            channel=self.channel,
            direction=self.direction,
            queue=self.queue,
            customer=self.customer,
            ani=self.ani,
            arrived_at=self.arrived_at,
            queued_at=self.queued_at,
            ended_at=self.queued_at,
            end_reason="completed",
            business_date=self.business_date,
        )


@dataclass
class _AgentSlot:
    agent_id: str
    windows: list[tuple[int, int]]
    free_at: int = 0
    _first: int = field(default=0, repr=False)

    def advance(self, now: int) -> None:
        while self._first < len(self.windows) and self.windows[self._first][1] <= now:
            self._first += 1

    def earliest(self, not_before: int) -> int | None:
        """First moment >= not_before at which the agent is idle inside a work window.

        Handling may run past the window's end: the agent's next break or log-out waits."""
        lower = max(not_before, self.free_at)
        for start, end in self.windows[self._first :]:
            begin = max(start, lower)
            if begin < end:
                return begin
        return None


class _Ids:
    def __init__(self) -> None:
        self._next = 0

    def __call__(self) -> str:
        self._next += 1
        return f"CT{self._next:07d}"


def _hour_rate(queue: Queue, staffed_seconds: float, hour: int) -> float:
    """Arrivals per second: the staffed capacity at a target load, shaped by the intraday curve."""
    talk = _TALK_MEAN[queue.channel] * _PURPOSE_FACTOR[queue.purpose]
    hold = _HOLD_SHARE * sum(_HOLD_RANGE) / 2 if queue.channel == "voice" else 0.0
    handle = talk + hold + sum(_ACW_RANGE[queue.channel]) / 2
    capacity = staffed_seconds / handle  # contacts the staff can handle in this hour
    return (_LOAD[queue.channel] * _INTRADAY[hour - 8] * capacity + _BASE_PER_HOUR) / 3600


def _arrival_times(rng: random.Random, queue: Queue, on: date, staff: list[AgentDay]) -> list[int]:
    last_hour = 18 if queue.channel == "email" else OPEN_MINUTES[1] // 60
    times = []
    for hour in range(OPEN_MINUTES[0] // 60, last_hour):
        h0 = local_epoch(on, hour * 60, queue.timezone)
        h1 = local_epoch(on, hour * 60 + 60, queue.timezone)
        staffed = sum(
            max(0, min(b.end, h1) - max(b.start, h0))
            for ad in staff
            for b in ad.scheduled
            if b.activity == "work"
        )
        rate = _hour_rate(queue, staffed, hour)
        moment = h0 + rng.expovariate(rate)
        while moment < h1:
            times.append(int(moment))
            moment += rng.expovariate(rate)
    return times


def _address(rng: random.Random, channel: str, customer: Customer | None) -> str:
    if channel in ("voice", "callback"):
        return customer.phone if customer else f"+1-999-555-01{rng.randrange(100):02d}"
    return customer.email if customer else f"visitor{rng.randrange(100_000):05d}@example.com"


def _handling(rng: random.Random, channel: str, purpose: str, short: bool) -> tuple[int, int, int]:
    mean = _TALK_MEAN[channel] * _PURPOSE_FACTOR[purpose] * (0.4 if short else 1.0)
    sigma = 0.5
    talk = int(rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma))
    talk = min(3600, max(15, talk))
    hold = 0
    if channel in ("voice", "callback") and rng.random() < _HOLD_SHARE:
        hold = rng.randint(*_HOLD_RANGE)
    return talk, hold, rng.randint(*_ACW_RANGE[channel])


def _patience(rng: random.Random, channel: str) -> float:
    """Seconds a customer waits before abandoning; some hang up within seconds."""
    if channel not in ("voice", "chat"):
        return math.inf
    draw = rng.random()
    if draw < (0.06 if channel == "voice" else 0.04):
        return rng.randint(1, 4)
    if draw < 0.16:
        return math.inf
    return 1 + rng.expovariate(1 / (300 if channel == "voice" else 420))


def _wrap_code(rng: random.Random, purpose: str, identified: bool, transferred: bool) -> str:
    weights = _WRAP_CODES[purpose]
    code = rng.choices(list(weights), weights=list(weights.values()))[0]
    if code == "sale" and (transferred or not identified):
        return "general"
    return code


class _Simulation:
    def __init__(self, rng: random.Random, queues: list[Queue], agent_days: list[AgentDay]) -> None:
        self.rng = rng
        self.queues = queues
        self.ids = _Ids()
        self.heap: list[tuple[int, int, _Pending]] = []
        self.pushed = 0
        self.segments: list[Segment] = []
        self.exact_sl_done: set[tuple[str, date]] = set()
        windows: dict[str, list[tuple[int, int]]] = {}
        for ad in agent_days:
            work = [(b.start, b.end) for b in ad.actual if b.activity == "work"]
            windows.setdefault(ad.agent.agent_id, []).extend(work)
        self.slots: dict[str, list[_AgentSlot]] = {q.queue_id: [] for q in queues}
        for ad in agent_days:
            slots = self.slots[ad.agent.queue.queue_id]
            if not any(s.agent_id == ad.agent.agent_id for s in slots):
                slots.append(_AgentSlot(ad.agent.agent_id, sorted(windows[ad.agent.agent_id])))

    def push(self, pending: _Pending) -> None:
        heapq.heappush(self.heap, (pending.queued_at, self.pushed, pending))
        self.pushed += 1

    def arrive(self, queue: Queue, at: int, on: date, customer: Customer | None) -> None:
        """A new inbound contact reaches the platform and, after the IVR, the queue."""
        rng, channel = self.rng, queue.channel
        contact_id = self.ids()
        ivr = rng.randint(*_IVR_RANGE[channel])
        ani = _address(rng, channel, customer)
        pending = _Pending(
            contact_id=contact_id,
            initial_contact_id=contact_id,
            previous_contact_id=None,
            channel=channel,
            direction="inbound",
            queue=queue,
            customer=customer,
            ani=ani,
            arrived_at=at - ivr,
            queued_at=at,
            business_date=on,
            kind="inbound",
        )
        draw = rng.random()
        if channel == "voice" and draw < 0.015:  # never queued: IVR self-service or a failure
            segment = pending.open_segment()
            segment.queue, segment.queued_at = None, None
            segment.end_reason = "error" if draw < 0.005 else "completed"
            self.segments.append(segment)
            return
        self.push(pending)

    def _best_agent(self, queue: Queue, at: int) -> tuple[int, _AgentSlot] | None:
        best: tuple[int, int, _AgentSlot] | None = None
        for slot in self.slots[queue.queue_id]:
            slot.advance(at)
            start = slot.earliest(at)
            if start is not None and (best is None or (start, slot.free_at) < best[:2]):
                best = (start, slot.free_at, slot)
        return None if best is None else (best[0], best[2])

    def _transfer_target(self, queue: Queue, at: int, on: date) -> Queue | None:
        targets = [
            q
            for q in self.queues
            if q.queue_id != queue.queue_id
            and q.channel == queue.channel
            and local_date(at, q.timezone) == on
            and q.is_open(on, at)
        ]
        return self.rng.choice(targets) if targets else None

    def route(self, p: _Pending) -> None:
        rng, queue, at = self.rng, p.queue, p.queued_at
        wants_transfer = rng.random() < _TRANSFER_SHARE[p.channel]
        talk, hold, acw = _handling(rng, p.channel, queue.purpose, short=wants_transfer)
        patience = _patience(rng, p.channel) if p.kind != "callback" else math.inf
        timeout = _TIMEOUT[p.channel]
        found = self._best_agent(queue, at)
        segment = p.open_segment()
        self.segments.append(segment)
        if found is not None:
            found = self._exact_threshold(p, found, patience)
        if found is None or found[0] - at > min(patience, timeout):
            self._unanswered(p, segment, found, patience, timeout)
            return
        start, slot = found
        segment.answered_at, segment.agent_id = start, slot.agent_id
        segment.talk_seconds, segment.hold_seconds, segment.acw_seconds = talk, hold, acw
        segment.ended_at = start + talk + hold
        slot.free_at = segment.ended_at + acw
        target = (
            self._transfer_target(queue, segment.ended_at, p.business_date)
            if wants_transfer
            else None
        )
        segment.wrap_code = _wrap_code(
            rng, queue.purpose, p.customer is not None, target is not None
        )
        if target is not None:
            segment.end_reason, segment.transfer_to_queue_id = "transferred", target.queue_id
            self.push(p.follow_up(self.ids(), target, segment.ended_at, "transfer"))

    def _exact_threshold(
        self, p: _Pending, found: tuple[int, _AgentSlot], patience: float
    ) -> tuple[int, _AgentSlot]:
        """Once per queue and day, answer a contact at exactly the service-level threshold."""
        key = (p.queue.queue_id, p.business_date)
        threshold = p.queue.threshold_on(p.business_date)
        start, slot = found
        if key in self.exact_sl_done or start - p.queued_at >= threshold or patience < threshold:
            return found
        if slot.earliest(p.queued_at + threshold) != p.queued_at + threshold:
            return found
        self.exact_sl_done.add(key)
        return p.queued_at + threshold, slot

    def _unanswered(
        self,
        p: _Pending,
        segment: Segment,
        found: tuple[int, _AgentSlot] | None,
        patience: float,
        timeout: int,
    ) -> None:
        at, wait = p.queued_at, math.inf if found is None else found[0] - p.queued_at
        offer = _CALLBACK_OFFER_AFTER
        if (
            p.kind == "inbound"
            and p.channel == "voice"
            and min(wait, patience) > offer
            and self.rng.random() < 0.1
        ):
            segment.ended_at, segment.end_reason = at + offer, "callback_requested"
            self.push(p.follow_up(self.ids(), p.queue, at + offer, "callback"))
        elif patience < timeout:
            segment.ended_at, segment.end_reason = at + int(patience), "abandoned"
        else:
            segment.ended_at, segment.end_reason = at + timeout, "timeout"

    def run(self) -> list[Segment]:
        while self.heap:
            self.route(heapq.heappop(self.heap)[2])
        return sorted(self.segments, key=lambda s: s.contact_id)


def simulate_contacts(
    rng: random.Random,
    queues: list[Queue],
    agent_days: list[AgentDay],
    picker: CustomerPicker,
    days: list[date],
) -> list[Segment]:
    sim = _Simulation(rng, queues, agent_days)
    arrivals: list[tuple[int, str, Queue, date]] = []
    for on in days:
        for queue in queues:
            staff = [
                ad
                for ad in agent_days
                if ad.day == on and ad.agent.queue.queue_id == queue.queue_id
            ]
            arrivals.extend(
                (t, queue.queue_id, queue, on) for t in _arrival_times(rng, queue, on, staff)
            )
    arrivals.sort(key=lambda a: (a[0], a[1]))
    for at, _, queue, on in arrivals:
        sim.arrive(queue, at, on, picker.pick(at, queue.channel))
    return sim.run()
