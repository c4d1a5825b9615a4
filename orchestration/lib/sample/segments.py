"""A contact segment: one queue/agent leg of a contact, as the ACD records it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from orchestration.lib.sample.queues import Queue


@dataclass(slots=True)
class Segment:
    contact_id: str
    initial_contact_id: str
    previous_contact_id: str | None
    channel: str
    direction: str
    queue: Queue | None
    customer: int | None  # index in the customer base; None when not identified
    ani: str
    arrived_at: int
    queued_at: int | None
    ended_at: int
    end_reason: str
    business_date: date  # local date of the queue the contact entered (or was heading for)
    answered_at: int | None = None
    agent_id: str | None = None
    talk_seconds: int | None = None
    hold_seconds: int | None = None
    acw_seconds: int | None = None
    transfer_to_queue_id: str | None = None
    wrap_code: str | None = None
    case_id: str | None = None
    # What the ACD does not record but the rest of the simulation needs:
    is_final: bool = True  # the contact ends with this segment (no transfer, no callback)
    resolved: bool = False  # the customer's issue was solved (answered final segments only)
    contact_wait: int = 0  # seconds waited in queues over the whole contact so far
    contact_transfers: int = 0  # transfers before this segment
    kind: str = "inbound"  # inbound, repeat, transfer, callback

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def wrap_end(self) -> int:
        return self.ended_at + (self.acw_seconds or 0)
