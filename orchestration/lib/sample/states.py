"""acd_agent_states derived from the shifts and the handled contacts, so both always agree.

Each employed agent's local day is tiled: offline until log-in, then per actual period either
aux (break, lunch, training) or work, where work is on_contact from answered_at to ended_at,
acw for acw_seconds after, and available in between; offline after log-out.
"""

from __future__ import annotations

from datetime import date

from orchestration.lib.sample.clock import format_ts, local_day_bounds
from orchestration.lib.sample.fields import Row
from orchestration.lib.sample.people import AgentDay
from orchestration.lib.sample.segments import Segment

Interval = tuple[str, str | None, int, int]  # state, reason_code, start, end


class StateConsistencyError(RuntimeError):
    """The simulation handed an agent a contact outside the agent's work periods."""


def _work_intervals(start: int, end: int, handled: list[Segment]) -> list[Interval]:
    intervals: list[Interval] = []
    cursor = start
    for s in handled:
        answered = s.answered_at or 0
        if answered < cursor or s.wrap_end > end:
            raise StateConsistencyError(
                f"contact {s.contact_id} overlaps agent {s.agent_id}'s timeline"
            )
        if answered > cursor:
            intervals.append(("available", None, cursor, answered))
        intervals.append(("on_contact", None, answered, s.ended_at))
        if s.wrap_end > s.ended_at:
            intervals.append(("acw", None, s.ended_at, s.wrap_end))
        cursor = s.wrap_end
    if cursor < end:
        intervals.append(("available", None, cursor, end))
    return intervals


def agent_intervals(agent_day: AgentDay, handled: list[Segment]) -> list[Interval]:
    """The tiled local day of one agent; `handled` are the agent's answered segments, sorted.

    A contact answered near the end of a work period delays what follows: the break starts
    late (or is skipped), the log-out happens after the wrap-up."""
    day_start, day_end = local_day_bounds(agent_day.day, agent_day.agent.queue.timezone)
    intervals: list[Interval] = []
    cursor = day_start
    for block in agent_day.actual:
        start = max(block.start, cursor)
        if start > cursor:
            intervals.append(("offline", None, cursor, start))
        if block.activity == "work":
            inside = [s for s in handled if block.start <= (s.answered_at or 0) < block.end]
            end = max([start, block.end] + [s.wrap_end for s in inside])
            intervals.extend(_work_intervals(start, end, inside))
            cursor = end
        elif start < block.end:
            intervals.append(("aux", block.activity, start, block.end))
            cursor = block.end
    if cursor < day_end:
        intervals.append(("offline", None, cursor, day_end))
    return intervals


def agent_state_rows(agent_days: list[AgentDay], segments: list[Segment]) -> list[tuple[date, Row]]:
    handled: dict[str, list[Segment]] = {}
    for s in sorted((s for s in segments if s.agent_id), key=lambda s: s.answered_at or 0):
        handled.setdefault(s.agent_id or "", []).append(s)
    rows, placed = [], 0
    for ad in agent_days:
        tz = ad.agent.queue.timezone
        day_start, day_end = local_day_bounds(ad.day, tz)
        mine = [
            s
            for s in handled.get(ad.agent.agent_id, [])
            if day_start <= (s.answered_at or 0) < day_end
        ]
        intervals = agent_intervals(ad, mine)
        placed += sum(1 for i in intervals if i[0] == "on_contact")
        for state, reason, start, end in intervals:
            row = {
                "agent_id": ad.agent.agent_id,
                "state": state,
                "reason_code": reason,
                "started_at": format_ts(start, tz),
                "ended_at": format_ts(end, tz),
                "updated_at": format_ts(end, tz),
            }
            rows.append((ad.day, row))
    if placed != sum(len(v) for v in handled.values()):
        raise StateConsistencyError("some answered contacts fall outside every agent day")
    return rows
