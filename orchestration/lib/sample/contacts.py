"""The ACD simulation: Poisson arrivals per queue, FIFO routing to the queue's logged-in agents.

Arrivals follow the queue's intraday curve and the day's planned volume (a non-homogeneous
Poisson process, piecewise constant per half hour). Contacts are routed in the order they
enter a queue (one heap of pending contacts, so transfers, callbacks and repeats join in
time). Each contact goes to the agent of its queue who is first idle inside a work period,
longest idle first on a tie (a heap of agents keyed by that moment). A customer's patience
is exponential (Erlang-A), so the longer the wait the more likely the abandon; a few hang up
within seconds; the queue gives up at its timeout. Handling that runs past the end of a work
period delays the agent's break or log-out.

Outcomes feed back: an abandoned or timed-out contact is often redialled within the hour, an
unresolved one comes back within a day or two (repeat contacts, which break first-contact
resolution), and transfers start a new segment in another queue.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import random
from collections import deque
from collections.abc import Callable
from datetime import date

from orchestration.lib.sample.clock import local_epoch
from orchestration.lib.sample.customers import CustomerBase, fake_phone
from orchestration.lib.sample.customers import email as customer_email
from orchestration.lib.sample.fields import draw
from orchestration.lib.sample.people import AgentDay
from orchestration.lib.sample.queues import (
    ACW_RANGE,
    HOLD_RANGE,
    HOLD_SHARE,
    OPEN_MINUTES,
    PURPOSE_FACTOR,
    TALK_MEAN,
    Queue,
)
from orchestration.lib.sample.segments import Segment

_TIMEOUT = {"voice": 600, "chat": 900, "email": 86_400, "callback": 7200}
_IVR_RANGE = {"voice": (15, 90), "chat": (3, 15), "email": (0, 0)}
_TRANSFER_SHARE = {"voice": 0.07, "chat": 0.03, "email": 0.0, "callback": 0.0}
_CALLBACK_OFFER_AFTER = 45
PATIENCE_MEAN = {"voice": 180.0, "chat": 300.0}  # seconds; exponential (Erlang-A)
HANGUP_SHARE = {"voice": 0.04, "chat": 0.03}  # hang up within 1-4 s (short abandons)
RESOLVED_SHARE = {"service": 0.82, "sales": 0.86, "retention": 0.72, "technical": 0.66}
_EMAIL_RESOLVED_PENALTY = 0.08
_TRANSFER_RESOLVED_PENALTY = 0.08
REPEAT_SHARE = 0.7  # unresolved contacts that come back
REPEAT_MEAN_SECONDS = 18 * 3600
REDIAL_SHARE = {"abandoned": 0.45, "timeout": 0.4, "error": 0.6}
REDIAL_MEAN_SECONDS = 20 * 60
_LAST_ARRIVAL_MINUTE = {"email": 20 * 60}
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
_WRAP_TABLES = {
    purpose: (list(weights), list(itertools.accumulate(weights.values())))
    for purpose, weights in _WRAP_CODES.items()
}


def fresh_share(queue: Queue) -> float:
    """Share of a queue's forecast volume that is fresh contacts; the rest are the repeats
    of unresolved contacts and redials of abandoned ones, which the simulation adds itself."""
    resolved = RESOLVED_SHARE[queue.purpose]
    if queue.channel == "email":
        resolved -= _EMAIL_RESOLVED_PENALTY
    repeats = (1 - resolved) * REPEAT_SHARE
    redials = 0.05 * REDIAL_SHARE["abandoned"] if queue.channel in PATIENCE_MEAN else 0.0
    return 1 - repeats - redials


class _Pending:
    """A contact segment waiting to enter its queue."""

    __slots__ = (
        "contact_id", "initial_contact_id", "previous_contact_id", "channel", "direction",
        "queue", "customer", "ani", "arrived_at", "queued_at", "business_date", "kind",
        "waited", "transfers",
    )  # fmt: skip

    def __init__(
        self,
        contact_id: str,
        initial_contact_id: str,
        previous_contact_id: str | None,
        channel: str,
        direction: str,
        queue: Queue,
        customer: int | None,
        ani: str,
        arrived_at: int,
        queued_at: int,
        business_date: date,
        kind: str,
        waited: int = 0,
        transfers: int = 0,
    ) -> None:
        self.contact_id = contact_id
        self.initial_contact_id = initial_contact_id
        self.previous_contact_id = previous_contact_id
        self.channel = channel
        self.direction = direction
        self.queue = queue
        self.customer = customer
        self.ani = ani
        self.arrived_at = arrived_at
        self.queued_at = queued_at
        self.business_date = business_date
        self.kind = kind
        self.waited = waited
        self.transfers = transfers

    def follow_up(self, contact_id: str, queue: Queue, at: int, kind: str, waited: int) -> _Pending:
        """The next segment of the same contact: a transfer or a callback, queued at `at`."""
        callback = kind == "callback"
        return _Pending(
            contact_id,
            self.initial_contact_id,
            self.contact_id,
            "callback" if callback else self.channel,
            "outbound" if callback else self.direction,
            queue,
            self.customer,
            self.ani,
            at,
            at,
            queue.stamps.local_date(at) if callback else self.business_date,
            kind,
            waited,
            self.transfers + (kind == "transfer"),
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
            contact_wait=self.waited,
            contact_transfers=self.transfers,
            kind=self.kind,
        )


def _entry_key(entry: tuple[int, int, _Pending]) -> tuple[int, int]:
    return entry[0], entry[1]


class _AgentSlot:
    """One agent as the router sees it: work windows (start, end, agent day) and when free."""

    __slots__ = ("agent_id", "windows", "first", "free_at", "in_heap", "order")

    def __init__(self, agent_id: str, order: int) -> None:
        self.agent_id = agent_id
        self.windows: list[tuple[int, int, AgentDay]] = []
        self.first = 0
        self.free_at = 0
        self.in_heap = False
        self.order = order

    def advance(self, now: int) -> None:
        windows, first = self.windows, self.first
        while first < len(windows) and windows[first][1] <= now:
            first += 1
        if first > 64:
            del windows[:first]
            first = 0
        self.first = first

    def earliest(self, not_before: int) -> int | None:
        """First moment >= not_before at which the agent is idle inside a work window.

        Handling may run past the window's end: the agent's next break or log-out waits."""
        lower = not_before if not_before > self.free_at else self.free_at
        for i in range(self.first, len(self.windows)):
            start, end, _ = self.windows[i]
            begin = start if start > lower else lower
            if begin < end:
                return begin
        return None

    def day_at(self, moment: int) -> AgentDay:
        for i in range(self.first, len(self.windows)):
            start, end, agent_day = self.windows[i]
            if start <= moment < end:
                return agent_day
        raise AssertionError(f"{self.agent_id} has no work window at {moment}")


class _Ids:
    def __init__(self, prefix: str, width: int) -> None:
        self._next = 0
        self._format = f"{prefix}{{:0{width}d}}"

    def __call__(self) -> str:
        self._next += 1
        return self._format.format(self._next)


SegmentSink = Callable[[Segment], None]


class ContactCenter:
    """Routes contacts to agents, in time order, one batch of time after the other."""

    def __init__(
        self,
        rng: random.Random,
        queues: list[Queue],
        customers: CustomerBase,
        sink: SegmentSink,
        last_day: date,
    ) -> None:
        self.rng = rng
        self.queues = queues
        self.customers = customers
        self.sink = sink
        self.last_day = last_day
        self.ids = _Ids("CT", 7)
        # Follow-ups (transfers, callbacks, repeats) in a heap; fresh arrivals, drawn a day at a
        # time and already in time order, in a deque. Both are keyed (queued_at, push order).
        self.heap: list[tuple[int, int, _Pending]] = []
        self.fresh: deque[tuple[int, int, _Pending]] = deque()
        self._batch: list[tuple[int, int, _Pending]] = []  # drawn, not yet merged into fresh
        self.pushed = 0
        self.exact_sl_done: set[tuple[str, date]] = set()
        self.slots: dict[str, _AgentSlot] = {}
        self.agent_heaps: dict[str, list[tuple[int, int, _AgentSlot]]] = {
            q.queue_id: [] for q in queues
        }
        self.transfer_targets = {
            q.queue_id: [t for t in queues if t.queue_id != q.queue_id and t.channel == q.channel]
            for q in queues
        }
        self.segments = 0

    # --- staffing -----------------------------------------------------------------------
    def add_agent_day(self, agent_day: AgentDay) -> None:
        """Make the agent's work periods of that day routable."""
        agent = agent_day.agent
        slot = self.slots.get(agent.agent_id)
        if slot is None:
            slot = self.slots[agent.agent_id] = _AgentSlot(agent.agent_id, agent.number)
        work = [(b.start, b.end, agent_day) for b in agent_day.actual if b.activity == "work"]
        if not work:
            return
        slot.windows.extend(work)
        if not slot.in_heap:
            key = slot.earliest(slot.free_at)
            if key is not None:
                heapq.heappush(self.agent_heaps[agent.queue.queue_id], (key, slot.order, slot))
                slot.in_heap = True

    # --- arrivals -----------------------------------------------------------------------
    def arrival_times(self, queue: Queue, on: date, volume: float, opens: int) -> list[int]:
        """Poisson arrivals for the local day: `volume` expected, shaped by the queue's curve.

        `opens` is the epoch of local opening time; half hours are counted on the UTC clock
        from there, which is the local clock on every day the queue is open (no zone in use
        changes its offset between 08:00 and 21:00)."""
        rng, times = self.rng, []
        last = _LAST_ARRIVAL_MINUTE.get(queue.channel, OPEN_MINUTES[1]) - OPEN_MINUTES[0]
        for i, share in enumerate(queue.curve):
            if share <= 0 or i * 30 >= last:
                continue
            rate = volume * share / 1800
            h0 = opens + i * 1800
            h1 = h0 + 1800
            moment = h0 + rng.expovariate(rate)
            while moment < h1:
                times.append(int(moment))
                moment += rng.expovariate(rate)
        return times

    def push(self, pending: _Pending) -> None:
        heapq.heappush(self.heap, (pending.queued_at, self.pushed, pending))
        self.pushed += 1

    def _address(self, channel: str, customer: int | None) -> str:
        if channel in ("voice", "callback"):
            return (
                fake_phone(customer)
                if customer is not None
                else (f"+1-999-555-01{self.rng.randrange(100):02d}")
            )
        if customer is not None:
            return customer_email(customer)
        return f"visitor{self.rng.randrange(100_000):05d}@example.com"

    def arrive(
        self,
        queue: Queue,
        at: int,
        on: date,
        customer: int | None,
        kind: str = "inbound",
        ani: str | None = None,
        batch: list[tuple[int, int, _Pending]] | None = None,
    ) -> None:
        """A contact reaches the platform and, after the IVR, the queue at `at`; it joins
        `batch` (fresh arrivals, sorted later) or else the heap of follow-ups."""
        rng, channel = self.rng, queue.channel
        contact_id = self.ids()
        low, high = _IVR_RANGE[channel]
        ivr = draw(rng, low, high) if high else 0
        pending = _Pending(
            contact_id,
            contact_id,
            None,
            channel,
            "inbound",
            queue,
            customer,
            ani or self._address(channel, customer),
            at - ivr,
            at,
            on,
            kind,
        )
        roll = rng.random()
        if channel == "voice" and roll < 0.015:  # never queued: IVR self-service or a failure
            segment = pending.open_segment()
            segment.queue, segment.queued_at = None, None
            segment.end_reason = "error" if roll < 0.005 else "completed"
            segment.resolved = segment.end_reason == "completed"
            self._emit(segment)
            if segment.end_reason == "error":
                self._redial(pending, at, "error")
            return
        if batch is None:
            self.push(pending)
        else:
            batch.append((at, self.pushed, pending))
            self.pushed += 1

    def arrivals(self, queue: Queue, on: date, volume: float, opens: int) -> int:
        """Fresh contacts of one queue and local day, `volume` being the forecast of all
        contacts (repeats included); returns how many."""
        times = self.arrival_times(queue, on, volume * fresh_share(queue), opens)
        batch: list[tuple[int, int, _Pending]] = []
        for at in times:
            customer = self.customers.pick(self.rng, at, queue.channel)
            self.arrive(queue, at, on, customer, batch=batch)
        self._batch.extend(batch)
        return len(times)

    # --- routing ------------------------------------------------------------------------
    def run_until(self, cutoff: float) -> None:
        """Route every contact that enters a queue before `cutoff`."""
        if self._batch:
            merged = [*self.fresh, *self._batch]
            merged.sort(key=_entry_key)
            self.fresh, self._batch = deque(merged), []
        heap, fresh, route = self.heap, self.fresh, self.route
        while True:
            if fresh and (not heap or fresh[0][:2] < heap[0][:2]):
                if fresh[0][0] >= cutoff:
                    return
                route(fresh.popleft()[2])
            elif heap and heap[0][0] < cutoff:
                route(heapq.heappop(heap)[2])
            else:
                return

    def _best_agent(self, queue_id: str, at: int) -> tuple[int, _AgentSlot] | None:
        heap = self.agent_heaps[queue_id]
        while heap:
            key, order, slot = heap[0]
            if key >= at:
                return key, slot
            slot.advance(at)
            start = slot.earliest(at)
            if start is None:
                heapq.heappop(heap)
                slot.in_heap = False
            elif start == at:
                return at, slot
            else:
                heapq.heapreplace(heap, (start, order, slot))
        return None

    def _handling(self, channel: str, purpose: str, short: bool) -> tuple[int, int, int]:
        rng = self.rng
        mean = TALK_MEAN[channel] * PURPOSE_FACTOR[purpose] * (0.4 if short else 1.0)
        sigma = 0.5
        talk = int(rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma))
        talk = min(3600, max(15, talk))
        hold = 0
        if channel in ("voice", "callback") and rng.random() < HOLD_SHARE:
            hold = draw(rng, *HOLD_RANGE)
        return talk, hold, draw(rng, *ACW_RANGE[channel])

    def _patience(self, channel: str) -> float:
        """Seconds a customer waits before abandoning: exponential, some hang up at once."""
        if channel not in PATIENCE_MEAN:
            return math.inf
        rng = self.rng
        if rng.random() < HANGUP_SHARE[channel]:
            return draw(rng, 1, 4)
        return 1 + rng.expovariate(1 / PATIENCE_MEAN[channel])

    def _wrap_code(self, purpose: str, identified: bool, transferred: bool) -> str:
        codes, cumulative = _WRAP_TABLES[purpose]
        # what rng.choices(codes, cum_weights=cumulative) does, without its overhead
        code = codes[
            bisect.bisect(cumulative, self.rng.random() * cumulative[-1], 0, len(codes) - 1)
        ]
        if code == "sale" and (transferred or not identified):
            return "general"
        return code

    def _transfer_target(self, queue: Queue, at: int, on: date) -> Queue | None:
        targets = [
            q
            for q in self.transfer_targets[queue.queue_id]
            if q.stamps.local_date(at) == on and q.is_open_at(at)
        ]
        if not targets:
            return None
        other_purpose = [q for q in targets if q.purpose != queue.purpose]
        return self.rng.choice(other_purpose or targets)

    def route(self, p: _Pending) -> None:
        rng, queue, at = self.rng, p.queue, p.queued_at
        wants_transfer = rng.random() < _TRANSFER_SHARE[p.channel]
        talk, hold, acw = self._handling(p.channel, queue.purpose, short=wants_transfer)
        patience = self._patience(p.channel) if p.kind != "callback" else math.inf
        timeout = _TIMEOUT[p.channel]
        found = self._best_agent(queue.queue_id, at)
        segment = p.open_segment()
        if found is not None:
            found = self._exact_threshold(p, found, patience)
        if found is None or found[0] - at > min(patience, timeout):
            self._unanswered(p, segment, found, patience, timeout)
            self._emit(segment)
            return
        start, slot = found
        segment.answered_at, segment.agent_id = start, slot.agent_id
        segment.talk_seconds, segment.hold_seconds, segment.acw_seconds = talk, hold, acw
        segment.ended_at = start + talk + hold
        segment.contact_wait = p.waited + start - at
        slot.day_at(start).handled.append((start, segment.ended_at, segment.ended_at + acw))
        slot.free_at = segment.ended_at + acw
        self._requeue(queue.queue_id, slot)
        target = (
            self._transfer_target(queue, segment.ended_at, p.business_date)
            if wants_transfer
            else None
        )
        segment.wrap_code = self._wrap_code(
            queue.purpose, p.customer is not None, target is not None
        )
        if target is not None:
            segment.end_reason, segment.transfer_to_queue_id = "transferred", target.queue_id
            segment.is_final = False
            self.push(
                p.follow_up(self.ids(), target, segment.ended_at, "transfer", segment.contact_wait)
            )
        else:
            share = RESOLVED_SHARE[queue.purpose] - _TRANSFER_RESOLVED_PENALTY * p.transfers
            if p.channel == "email":
                share -= _EMAIL_RESOLVED_PENALTY
            segment.resolved = rng.random() < share
            if not segment.resolved and rng.random() < REPEAT_SHARE:
                delay = 600 + int(rng.expovariate(1 / REPEAT_MEAN_SECONDS))
                self._come_back(p, segment.ended_at + delay)
        self._emit(segment)

    def _requeue(self, queue_id: str, slot: _AgentSlot) -> None:
        """The agent just took a contact (it is on top of the heap): key it by its next idle."""
        heap = self.agent_heaps[queue_id]
        key = slot.earliest(slot.free_at)
        if key is None:
            heapq.heappop(heap)
            slot.in_heap = False
        else:
            heapq.heapreplace(heap, (key, slot.order, slot))

    def _exact_threshold(
        self, p: _Pending, found: tuple[int, _AgentSlot], patience: float
    ) -> tuple[int, _AgentSlot]:
        """Once per queue and day, answer a contact at exactly the service-level threshold."""
        key = (p.queue.queue_id, p.business_date)
        if key in self.exact_sl_done:
            return found
        threshold = p.queue.threshold_on(p.business_date)
        start, slot = found
        if start - p.queued_at >= threshold or patience < threshold:
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
            p.kind in ("inbound", "repeat")
            and p.channel == "voice"
            and min(wait, patience) > offer
            and self.rng.random() < 0.1
        ):
            segment.ended_at, segment.end_reason = at + offer, "callback_requested"
            segment.is_final = False
            segment.contact_wait = p.waited + offer
            self.push(p.follow_up(self.ids(), p.queue, at + offer, "callback", p.waited + offer))
            return
        if patience < timeout:
            segment.ended_at, segment.end_reason = at + int(patience), "abandoned"
        else:
            segment.ended_at, segment.end_reason = at + timeout, "timeout"
        segment.contact_wait = p.waited + segment.ended_at - at
        if p.kind != "callback":
            self._redial(p, segment.ended_at, segment.end_reason)

    # --- repeats ------------------------------------------------------------------------
    def _redial(self, p: _Pending, at: int, reason: str) -> None:
        if self.rng.random() < REDIAL_SHARE[reason]:
            self._come_back(p, at + 60 + int(self.rng.expovariate(1 / REDIAL_MEAN_SECONDS)))

    def _come_back(self, p: _Pending, at: int) -> None:
        """The same customer contacts the same queue again at `at` (moved into opening hours)."""
        queue, rng = p.queue, self.rng
        first, last = OPEN_MINUTES[0], _LAST_ARRIVAL_MINUTE.get(queue.channel, OPEN_MINUTES[1])
        minute = queue.stamps.local_minute(at)
        if minute < first:
            at += (first - minute) * 60 + draw(rng, 0, 3 * 3600)
        elif minute >= last:
            at += (1440 - minute + first) * 60 + draw(rng, 0, 3 * 3600)
        if not queue.is_open_at(at) or queue.stamps.local_minute(at) >= last:
            return
        on = queue.stamps.local_date(at)
        if on > self.last_day:
            return  # after the simulated range
        if p.customer is not None:
            self.customers.touch(p.customer, at)
        self.arrive(queue, at, on, p.customer, "repeat", p.ani)

    def _emit(self, segment: Segment) -> None:
        self.segments += 1
        self.sink(segment)


def day_cutoff(queues: list[Queue], next_day: date) -> int:
    """Epoch of the earliest local midnight of `next_day` over the queues: every contact of a
    later business date enters its queue at or after it."""
    return min(local_epoch(next_day, 0, q.timezone) for q in queues)
