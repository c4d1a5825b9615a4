"""acd_contacts rows, in the queue's local offset, and the re-delivery that corrects a few."""

from __future__ import annotations

import random
from datetime import date, timedelta

from orchestration.lib.sample.clock import format_ts, utc_epoch
from orchestration.lib.sample.fields import Row, integer
from orchestration.lib.sample.segments import Segment

_CORRECTED_WRAP = {"general": "billing", "billing": "general"}


def contact_row(s: Segment, updated_at: str | None = None) -> Row:
    tz = s.queue.timezone if s.queue else None
    return {
        "contact_id": s.contact_id,
        "initial_contact_id": s.initial_contact_id,
        "previous_contact_id": s.previous_contact_id,
        "channel": s.channel,
        "direction": s.direction,
        "queue_id": s.queue.queue_id if s.queue else None,
        "customer_id": s.customer.customer_id if s.customer else None,
        "ani": s.ani,
        "arrived_at": format_ts(s.arrived_at, tz),
        "queued_at": format_ts(s.queued_at, tz),
        "answered_at": format_ts(s.answered_at, tz),
        "ended_at": format_ts(s.ended_at, tz),
        "agent_id": s.agent_id,
        "talk_seconds": integer(s.talk_seconds),
        "hold_seconds": integer(s.hold_seconds),
        "acw_seconds": integer(s.acw_seconds),
        "end_reason": s.end_reason,
        "transfer_to_queue_id": s.transfer_to_queue_id,
        "wrap_code": s.wrap_code,
        "case_id": s.case_id,
        "updated_at": updated_at or format_ts(s.wrap_end + 1, tz),
    }


def contact_rows(segments: list[Segment]) -> list[tuple[date, Row]]:
    return [(s.business_date, contact_row(s)) for s in segments]


def redelivery_rows(rng: random.Random, segments: list[Segment], on: date) -> list[Row]:
    """A few contacts of `on` again, with a corrected wrap code and a later updated_at."""
    candidates = [s for s in segments if s.business_date == on and s.wrap_code in _CORRECTED_WRAP]
    corrected_at = format_ts(utc_epoch(on + timedelta(days=1), 9))
    rows = []
    for s in sorted(rng.sample(candidates, min(5, len(candidates))), key=lambda s: s.contact_id):
        row = contact_row(s, corrected_at)
        row["wrap_code"] = _CORRECTED_WRAP[s.wrap_code or ""]
        rows.append(row)
    return rows
