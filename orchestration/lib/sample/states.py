"""acd_agent_states derived from the shifts and the handled contacts, so both always agree.

Each employed agent's local day is tiled: offline until log-in, then per actual period either
aux (break, lunch, training, meeting) or work, where work is on_contact from answered_at to
ended_at, acw for acw_seconds after, and available in between; offline after log-out.
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.lib.sample.clock import local_day_bounds
from orchestration.lib.sample.people import AgentDay

Interval = tuple[str, str | None, int, int]  # state, reason_code, start, end
Handled = tuple[int, int, int]  # answered_at, ended_at, wrap_end


class StateConsistencyError(RuntimeError):
    """The simulation handed an agent a contact outside the agent's work periods."""


def _work_intervals(agent_id: str, start: int, end: int, handled: list[Handled]) -> list[Interval]:
    intervals: list[Interval] = []
    cursor = start
    for answered, ended, wrap_end in handled:
        if answered < cursor or wrap_end > end:
            raise StateConsistencyError(
                f"a contact at {answered} overlaps agent {agent_id}'s timeline"
            )
        if answered > cursor:
            intervals.append(("available", None, cursor, answered))
        intervals.append(("on_contact", None, answered, ended))
        if wrap_end > ended:
            intervals.append(("acw", None, ended, wrap_end))
        cursor = wrap_end
    if cursor < end:
        intervals.append(("available", None, cursor, end))
    return intervals


def agent_intervals(agent_day: AgentDay) -> list[Interval]:
    """The tiled local day of one agent, from its blocks and its handled contacts.

    A contact answered near the end of a work period delays what follows: the break starts
    late (or is skipped), the log-out happens after the wrap-up."""
    day_start, day_end = local_day_bounds(agent_day.day, agent_day.agent.queue.timezone)
    handled = agent_day.handled
    intervals: list[Interval] = []
    cursor, placed, i = day_start, 0, 0
    for block in agent_day.actual:
        start = max(block.start, cursor)
        if start > cursor:
            intervals.append(("offline", None, cursor, start))
        if block.activity == "work":
            j = i
            while j < len(handled) and handled[j][0] < block.end:
                j += 1
            inside = handled[i:j]
            i = j
            end = max([start, block.end] + [h[2] for h in inside])
            intervals.extend(_work_intervals(agent_day.agent.agent_id, start, end, inside))
            placed += len(inside)
            cursor = end
        elif start < block.end:
            intervals.append(("aux", block.activity, start, block.end))
            cursor = block.end
    if placed != len(handled):
        raise StateConsistencyError(
            f"{len(handled) - placed} contacts of {agent_day.agent.agent_id} on {agent_day.day}"
            " fall outside the agent's work periods"
        )
    if cursor < day_end:
        intervals.append(("offline", None, cursor, day_end))
    return intervals


def state_values(agent_day: AgentDay) -> Iterator[list[str | None]]:
    stamps = agent_day.agent.queue.stamps
    agent_id = agent_day.agent.agent_id
    previous_end, previous_text = None, None
    for state, reason, start, end in agent_intervals(agent_day):
        started = previous_text if start == previous_end else stamps(start)
        ended = stamps(end)
        previous_end, previous_text = end, ended
        yield [agent_id, state, reason, started, ended, ended]
