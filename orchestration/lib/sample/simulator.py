"""The day loop: plan the workforce, draw the day's arrivals, route, and stream every row out.

Memory stays bounded by a few days of activity whatever the range: agent days are planned
one day ahead (so a contact waiting overnight finds tomorrow's agents), contacts are routed up
to the earliest local midnight of the next day over all queues, an agent's day is turned into
state rows once its local day is over, and landing files are closed a few days after their
date. Only the customer base (two integers per customer) grows with the size of the centre.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from orchestration.lib.sample.clock import (
    UTC_STAMPS,
    date_range,
    local_day_bounds,
    local_epoch,
    utc_epoch,
)
from orchestration.lib.sample.contacts import ContactCenter, day_cutoff
from orchestration.lib.sample.crm import CaseDesk, OrderDesk
from orchestration.lib.sample.customers import CUSTOMERS_PER_AGENT, CustomerBase, customer_id
from orchestration.lib.sample.feedback import (
    SURVEY_SHARE,
    analytics_values,
    post_contact_satisfaction,
    qa_values,
    survey_values,
)
from orchestration.lib.sample.fields import draw
from orchestration.lib.sample.fields import integer as integer_text
from orchestration.lib.sample.finance import (
    PER_MINUTE,
    SEAT_PER_DAY,
    TECHNOLOGY_PER_DAY,
    CostLedger,
)
from orchestration.lib.sample.people import (
    PAID_HOURS,
    SITES,
    AgentDay,
    Roster,
    Workforce,
    absence_row,
    build_agents,
    employee_survey_rows,
    hire_row,
    initial_agent_rows,
    schedule_rows,
    termination_row,
)
from orchestration.lib.sample.queues import OPEN_MINUTES, build_queues, queue_rows
from orchestration.lib.sample.segments import Segment
from orchestration.lib.sample.states import state_values
from orchestration.lib.sample.writers import LandingWriter

_CORRECTED_WRAP = {"general": "billing", "billing": "general"}
CLOSE_AFTER_DAYS = 4  # files of a date stay open this many days (late contacts, transfers)
DAILY_VOLUME_SIGMA = 0.08  # day-to-day noise around the planned volume (forecast error)
QA_SHARE = 0.05


@dataclass(frozen=True)
class SimulationSize:
    days: int
    agents: int
    queues: int
    seed: int
    start: date


Progress = Callable[[str], None]


class Simulation:
    def __init__(self, out_dir: Path, size: SimulationSize, progress: Progress | None = None):
        self.size = size
        self.progress = progress
        seed = size.seed

        def rng(part: str) -> random.Random:  # one stream per source: sources stay independent
            return random.Random(f"{seed}:{part}")

        self.days = date_range(size.start, size.days)
        self.first, self.last = self.days[0], self.days[-1]
        self.horizon = utc_epoch(self.last + timedelta(days=1))
        self.queues = build_queues(size.queues, size.start, size.days)
        agents = build_agents(rng("agents"), self.queues, size.agents, size.start, size.days)
        self.initial_agents = agents
        self.workforce = Workforce(
            rng("shifts"),
            Roster(rng("roster"), self.queues, agents, size.start),
            self.queues,
            self.last,
        )
        self.customers = CustomerBase(
            rng("customers"),
            CUSTOMERS_PER_AGENT * size.agents + 200,
            size.start,
            size.days,
            new_per_day=max(2, size.agents // 5),
        )
        self.center = ContactCenter(
            rng("contacts"), self.queues, self.customers, self._segment, self.last
        )
        self.writer = LandingWriter(out_dir)
        self.cases = CaseDesk(rng("cases"), self.horizon)
        self.orders = OrderDesk(rng("orders"))
        self.ledger = CostLedger(rng("finance"), SITES)
        self._rng_volume = rng("volume")
        self._rng_surveys = rng("surveys")
        self._rng_analytics = rng("analytics")
        self._rng_qa = rng("qa")
        self._rng_redelivery = rng("redelivery")
        self._rng_pulse = rng("pulse")
        self._rng_web = rng("web")
        self._surveys = 0
        self._pulse = 0
        self._qa = 0
        self._agent_sites: dict[str, str] = {a.agent_id: a.site for a in agents}
        self._pending_days: list[tuple[int, AgentDay]] = []
        self._volumes: dict[date, dict[str, float]] = {}
        self._corrections: list[list[str | None]] = []
        self._correction_candidates = 0
        self._corrected_at = utc_epoch(self.first + timedelta(days=1), 9)
        self._months: dict[date, str] = {}

    # --- per segment --------------------------------------------------------------------
    def _segment(self, s: Segment) -> None:
        """Every row that follows from one finished segment."""
        queue = s.queue
        stamps = queue.stamps if queue else UTC_STAMPS
        answered = s.answered_at is not None
        writer = self.writer
        if answered:
            for on, values in self.cases.link(s):
                writer.row("crm_cases", on, values)
        values = [
            s.contact_id,
            s.initial_contact_id,
            s.previous_contact_id,
            s.channel,
            s.direction,
            queue.queue_id if queue else None,
            customer_id(s.customer) if s.customer is not None else None,
            s.ani,
            stamps(s.arrived_at),
            stamps(s.queued_at),
            stamps(s.answered_at),
            stamps(s.ended_at),
            s.agent_id,
            integer_text(s.talk_seconds),
            integer_text(s.hold_seconds),
            integer_text(s.acw_seconds),
            s.end_reason,
            s.transfer_to_queue_id,
            s.wrap_code,
            s.case_id,
            stamps(s.wrap_end + 1),
        ]
        writer.row("acd_contacts", s.business_date, values)
        if not answered:
            return
        if s.business_date == self.first and s.wrap_code in _CORRECTED_WRAP:
            self._consider_correction(s, values)
        analysed_on, analytics = analytics_values(self._rng_analytics, s)
        if analysed_on <= self.last:  # events after the range have not happened yet
            writer.row("interaction_analytics", analysed_on, analytics)
        if self._rng_qa.random() < QA_SHARE or self._qa == 0:
            fatal = self._rng_qa.random() < 0.08 or self._qa == 0  # every range has one
            evaluated_on, qa = qa_values(self._rng_qa, s, f"QA{self._qa + 1:05d}", fatal)
            if evaluated_on <= self.last:
                self._qa += 1
                writer.row("qa_evaluations", evaluated_on, qa)
        rows, cancelled = self.orders.orders(s)
        for order in rows:
            writer.row("crm_orders", s.business_date, order)
        if cancelled and s.customer is not None and self.customers.churned[s.customer] == 0:
            self.customers.churn(s.customer, s.ended_at)
            writer.row("crm_customers", s.business_date, self.customers.row(s.customer, s.ended_at))
        if s.channel in ("voice", "callback") and s.agent_id:
            month = self._months.get(s.business_date) or self._month_of(s.business_date)
            minutes = ((s.talk_seconds or 0) + (s.hold_seconds or 0)) / 60
            self.ledger.add(month, self._agent_sites[s.agent_id], "telephony", minutes * PER_MINUTE)
        if s.is_final and s.direction == "inbound" and self._rng_surveys.random() < SURVEY_SHARE:
            self._post_contact_survey(s)

    def _month_of(self, on: date) -> str:
        month = self._months[on] = f"{on.year}-{on.month:02d}"
        return month

    def _post_contact_survey(self, s: Segment) -> None:
        rng = self._rng_surveys
        at = s.wrap_end + draw(rng, 120, 36 * 3600)
        if at >= self.horizon:
            return  # not answered yet when the range ends
        self._surveys += 1
        values = survey_values(
            rng,
            f"SR{self._surveys:06d}",
            "post_contact",
            at,
            post_contact_satisfaction(rng, s),
            s.initial_contact_id,
            customer_id(s.customer) if s.customer is not None else None,
            s.resolved,
        )
        self.writer.row("survey_responses", UTC_STAMPS.local_date(at), values)

    def _consider_correction(self, s: Segment, values: list[str | None]) -> None:
        """Reservoir-sample five first-day contacts whose wrap code is corrected the next day."""
        if s.wrap_end + 1 >= self._corrected_at:
            return
        self._correction_candidates += 1
        if len(self._corrections) < 5:
            self._corrections.append(values)
            return
        j = self._rng_redelivery.randrange(self._correction_candidates)
        if j < 5:
            self._corrections[j] = values

    # --- per day ------------------------------------------------------------------------
    def _plan(self, on: date) -> None:
        agent_days, absences, volumes, hired, leaving = self.workforce.plan(on)
        self._volumes[on] = volumes
        writer, month = self.writer, on.strftime("%Y-%m")
        for a in hired:
            self._agent_sites[a.agent_id] = a.site
            writer.record("hr_agents", on, hire_row(a))
        for a in leaving:
            writer.record("hr_agents", on, termination_row(a))
        paid_absence = {a.agent_id for a in absences if a.absence_type != "no_show"}
        for a in absences:
            writer.row("hr_absences", on, absence_row(a))
        for ad in agent_days:
            for values in schedule_rows(ad):
                writer.row("wfm_schedules", on, values)
            self.center.add_agent_day(ad)
            day_end = local_day_bounds(on, ad.agent.queue.timezone)[1]
            self._pending_days.append((day_end, ad))
            agent, site = ad.agent, ad.agent.site
            if ad.actual or agent.agent_id in paid_absence:
                self.ledger.add(month, site, "labour", PAID_HOURS * agent.hourly_cost)
            self.ledger.add(month, site, "facilities", SEAT_PER_DAY)
            self.ledger.add(month, site, "technology", TECHNOLOGY_PER_DAY)

    def _arrivals(self, on: date) -> int:
        count, volumes = 0, self._volumes.pop(on)
        for queue in self.queues:
            noise = math.exp(self._rng_volume.gauss(0, DAILY_VOLUME_SIGMA))
            volume = volumes[queue.queue_id] * noise
            opens = local_epoch(on, OPEN_MINUTES[0], queue.timezone)
            count += self.center.arrivals(queue, on, volume, opens)
        return count

    def _daily_extracts(self, on: date, index: int) -> None:
        """Rows that come from the day itself, not from contacts."""
        writer, rng = self.writer, self._rng_web
        if index == 0:  # every queue version (a settings change lands on its own date)
            for landed_on, row in queue_rows(self.queues, self.first):
                writer.record("acd_queues", landed_on, row)
            for row in initial_agent_rows(self.initial_agents, self.first):
                writer.record("hr_agents", on, row)
            for i in self.customers.initial_rows():
                writer.row("crm_customers", on, self.customers.row(i))
        for i in self.customers.created_on(on):
            writer.row("crm_customers", on, self.customers.row(i))
        known = self.customers.base + index * self.customers.new_per_day
        for _ in range(max(2, self.size.agents // 10)):  # web shop orders without a contact
            at = utc_epoch(on, 6) + draw(rng, 0, 16 * 3600)
            writer.row("crm_orders", on, self.orders.web_order(rng.randrange(known), at))
        for _ in range(3 + self.size.agents // 20):  # relationship surveys
            at = utc_epoch(on, 8) + draw(rng, 0, 12 * 3600)
            self._surveys += 1
            values = survey_values(
                rng, f"SR{self._surveys:06d}", "relationship", at, rng.uniform(0.2, 1.0),
                None, customer_id(rng.randrange(known)), None,
            )  # fmt: skip
            writer.row("survey_responses", on, values)
        if index == 0 or on.day == 1:  # the monthly pulse survey
            employed = self.workforce.roster.employed(on)
            for values in employee_survey_rows(self._rng_pulse, employed, on, self._pulse + 1):
                self._pulse += 1
                writer.row("employee_surveys", on, values)

    def _finish_agent_days(self, until: float) -> None:
        keep = []
        for day_end, ad in self._pending_days:
            if day_end > until:
                keep.append((day_end, ad))
                continue
            for values in state_values(ad):
                self.writer.row("acd_agent_states", ad.day, values)
            ad.handled = ()  # type: ignore[assignment]  # a late contact would fail loudly
        self._pending_days = keep

    def run(self) -> dict[str, int]:
        clock, cpu_clock = time.perf_counter(), time.process_time()
        self._plan(self.first)
        for index, on in enumerate(self.days):
            if on < self.last:
                self._plan(on + timedelta(days=1))
            self._daily_extracts(on, index)
            arrivals = self._arrivals(on)
            cutoff = day_cutoff(self.queues, on + timedelta(days=1)) if on < self.last else math.inf
            self.center.run_until(cutoff)
            self._finish_agent_days(cutoff)
            self.cases.forget_resolved(int(min(cutoff, self.horizon)) - 3 * 86_400)
            next_month = (on + timedelta(days=1)).strftime("%Y-%m")
            if on < self.last and next_month != on.strftime("%Y-%m"):
                for values in self.ledger.close_month(on.strftime("%Y-%m")):
                    self.writer.row("finance_costs", on, values)
            self.writer.close_before(on - timedelta(days=CLOSE_AFTER_DAYS))
            if self.progress:
                elapsed = time.perf_counter() - clock
                cpu = time.process_time() - cpu_clock
                self.progress(
                    f"{on} (day {index + 1}/{len(self.days)}): {arrivals} arrivals,"
                    f" {self.center.segments:,} segments so far,"
                    f" {self.center.segments / max(elapsed, 1e-9) * 60:,.0f} segments/min"
                    f" ({self.center.segments / max(cpu, 1e-9) * 60:,.0f} per CPU minute)"
                )
        for month in self.ledger.open_months():
            for values in self.ledger.close_month(month):
                self.writer.row("finance_costs", self.last, values)
        for values in sorted(self._corrections, key=lambda v: v[0] or ""):
            corrected = list(values)
            corrected[18] = _CORRECTED_WRAP[values[18] or ""]
            corrected[20] = UTC_STAMPS(self._corrected_at)
            self.writer.row("acd_contacts", self.first, corrected, seq=2)
        return self.writer.close()

    @property
    def segments(self) -> int:
        return self.center.segments
