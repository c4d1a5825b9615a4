"""Deterministic sample landing data: every extract of the contract, from one seed.

    python -m orchestration.lib.generate --days 3 --agents 20 --queues 4 --seed 42 \
        --start 2026-03-27 --out data/landing

The same arguments always give byte-identical files. Existing files of the same name are
overwritten; other files in the landing directory are left alone.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from orchestration.lib.config import load_paths
from orchestration.lib.sample.clock import date_range, utc_epoch
from orchestration.lib.sample.contact_rows import contact_rows, redelivery_rows
from orchestration.lib.sample.contacts import simulate_contacts
from orchestration.lib.sample.crm import case_rows, link_cases, order_rows
from orchestration.lib.sample.customers import CustomerPicker, build_customers, customer_rows
from orchestration.lib.sample.feedback import analytics_rows, qa_rows, survey_rows
from orchestration.lib.sample.finance import finance_rows
from orchestration.lib.sample.people import (
    absence_rows,
    agent_rows,
    build_agent_days,
    build_agents,
    employee_survey_rows,
    schedule_rows,
)
from orchestration.lib.sample.queues import build_queues, queue_rows
from orchestration.lib.sample.states import agent_state_rows
from orchestration.lib.sample.writers import Landing

DEFAULT_START = date(2026, 3, 27)


class GenerateArgumentError(ValueError):
    """An argument outside what the generator supports."""


def generate(
    out_dir: Path,
    *,
    days: int = 3,
    agents: int = 20,
    queues: int = 4,
    seed: int = 42,
    start: date = DEFAULT_START,
) -> dict[str, int]:
    """Write every extract under out_dir/<extract>/; returns the rows written per extract."""
    for name, value in (("days", days), ("agents", agents), ("queues", queues)):
        if value < 1:
            raise GenerateArgumentError(f"--{name} must be at least 1, got {value}")

    def rng(part: str) -> random.Random:  # one stream per source, so sources stay independent
        return random.Random(f"{seed}:{part}")

    day_list = date_range(start, days)
    horizon = utc_epoch(start + timedelta(days=days))
    queue_list = build_queues(queues, start, days)
    agent_list = build_agents(rng("agents"), queue_list, agents, start, days)
    agent_days, absences = build_agent_days(rng("shifts"), agent_list, day_list)
    customers = build_customers(rng("customers"), 300 * agents + 200, start, days)
    picker = CustomerPicker(rng("callers"), customers)
    segments = simulate_contacts(rng("contacts"), queue_list, agent_days, picker, day_list)
    cases = link_cases(rng("cases"), segments, horizon)
    orders, churns = order_rows(rng("orders"), segments, customers, day_list)

    landing = Landing()
    landing.add("acd_contacts", contact_rows(segments))
    first_day = [(start, row) for row in redelivery_rows(rng("redelivery"), segments, start)]
    landing.add("acd_contacts", first_day, seq=2)
    landing.add("acd_agent_states", agent_state_rows(agent_days, segments))
    landing.add("acd_queues", queue_rows(queue_list, start))
    landing.add("crm_customers", customer_rows(customers, churns, start))
    landing.add("crm_cases", case_rows(cases))
    landing.add("crm_orders", orders)
    landing.add("survey_responses", survey_rows(rng("surveys"), segments, customers, day_list))
    landing.add("interaction_analytics", analytics_rows(rng("analytics"), segments))
    landing.add("qa_evaluations", qa_rows(rng("qa"), segments))
    landing.add("hr_agents", agent_rows(agent_list, start))
    landing.add("wfm_schedules", schedule_rows(agent_days))
    landing.add("hr_absences", absence_rows(absences))
    landing.add("employee_surveys", employee_survey_rows(rng("pulse"), agent_list, start))
    landing.add("finance_costs", finance_rows(rng("finance"), agent_list, day_list))
    return landing.write(out_dir)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--queues", type=int, default=4)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--start", type=date.fromisoformat, default=DEFAULT_START, help="YYYY-MM-DD"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="default: the configured landing dir"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    out_dir = (args.out or load_paths().landing_dir).expanduser().resolve()
    counts = generate(
        out_dir,
        days=args.days,
        agents=args.agents,
        queues=args.queues,
        seed=args.seed,
        start=args.start,
    )
    for extract, rows in counts.items():
        print(f"{extract}: {rows} rows")
    print(f"written under {out_dir}")


if __name__ == "__main__":
    main()
