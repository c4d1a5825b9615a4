"""A contact segment: one queue/agent leg of a contact, as the ACD records it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from orchestration.lib.sample.customers import Customer
from orchestration.lib.sample.queues import Queue


@dataclass
class Segment:
    contact_id: str
    initial_contact_id: str
    previous_contact_id: str | None
    channel: str
    direction: str
    queue: Queue | None
    customer: Customer | None
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

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def wrap_end(self) -> int:
        return self.ended_at + (self.acw_seconds or 0)
