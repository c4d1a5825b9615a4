"""Customer feedback and analytics on contacts: surveys, speech/text analytics, QA evaluations.

Post-contact survey scores follow the outcome: a resolved issue scores high, every minute
waited lowers it (up to ten minutes), each transfer lowers it, cancellations score low.
"""

from __future__ import annotations

import random
from datetime import date

from orchestration.lib.sample.clock import UTC_STAMPS
from orchestration.lib.sample.fields import boolean, decimal, draw, integer
from orchestration.lib.sample.segments import Segment
from orchestration.lib.sample.text import survey_comment

Values = list[str | None]

_TOPICS = {
    "sale": "purchase_inquiry",
    "cancel_request": "cancellation",
    "billing": "billing_question",
    "technical_issue": "technical_problem",
    "general": "general_inquiry",
}
_ALL_TOPICS = sorted(_TOPICS.values())
_SENTIMENT = {
    "sale": 0.45,
    "general": 0.2,
    "billing": -0.05,
    "technical_issue": -0.15,
    "cancel_request": -0.35,
}
SURVEY_SHARE = 0.2
WAIT_PENALTY, WAIT_PENALTY_CAP = 0.35, 600  # satisfaction lost at the cap, seconds
TRANSFER_PENALTY = 0.12


def _maybe(rng: random.Random, value: int, null_share: float = 0.08) -> int | None:
    return None if rng.random() < null_share else value


def _emotion(satisfaction: float) -> str:
    return "positive" if satisfaction > 0.65 else "negative" if satisfaction < 0.35 else "neutral"


def survey_values(
    rng: random.Random,
    response_id: str,
    kind: str,
    at: int,
    satisfaction: float,
    contact_id: str | None,
    customer_id: str | None,
    resolved: bool | None,
) -> Values:
    satisfaction = min(1.0, max(0.0, satisfaction))
    emotion = _emotion(satisfaction)
    if resolved is not None:  # most customers say what happened; some disagree, some skip
        roll = rng.random()
        resolved = None if roll < 0.1 else (not resolved if roll < 0.16 else resolved)
    stamp = UTC_STAMPS(at)
    return [
        response_id,
        contact_id,
        customer_id,
        kind,
        stamp,
        integer(_maybe(rng, 1 + round(4 * satisfaction))),
        integer(_maybe(rng, round(10 * satisfaction))),
        integer(_maybe(rng, 7 - round(6 * satisfaction))),
        boolean(resolved if kind == "post_contact" else None),
        None if rng.random() < 0.05 else emotion,
        survey_comment(rng, emotion) if rng.random() < 0.5 else None,
        stamp,
    ]


def post_contact_satisfaction(rng: random.Random, s: Segment) -> float:
    """How satisfied the customer is with the whole contact that ended with segment `s`."""
    satisfaction = (0.8 if s.resolved else 0.4) + rng.uniform(-0.2, 0.2)
    satisfaction -= WAIT_PENALTY * min(1.0, s.contact_wait / WAIT_PENALTY_CAP)
    satisfaction -= TRANSFER_PENALTY * s.contact_transfers
    satisfaction -= 0.1 if s.wrap_code == "cancel_request" else 0.0
    return satisfaction


def analytics_values(rng: random.Random, s: Segment) -> tuple[date, Values]:
    """Speech/text analytics on an answered segment, and the (UTC) date it was analysed:
    an extract holds the analyses of its day."""
    wrap = s.wrap_code or "general"
    topic = _TOPICS[wrap] if rng.random() >= 0.15 else rng.choice(_ALL_TOPICS)
    mean = _SENTIMENT[wrap] - (0.1 if s.end_reason == "transferred" else 0)
    sentiment = min(1.0, max(-1.0, rng.gauss(mean, 0.3)))
    emotion = "positive" if sentiment > 0.25 else "negative" if sentiment < -0.25 else "neutral"
    talk = s.talk_seconds or 0
    silence = {"voice": 0.02, "callback": 0.02, "chat": 0.1}.get(s.channel)
    is_speech = s.channel in ("voice", "callback")
    analyzed_at = s.wrap_end + draw(rng, 300, 3600)
    return UTC_STAMPS.local_date(analyzed_at), [
        s.contact_id,
        topic,
        decimal(sentiment, 3),
        emotion,
        integer(int(talk * rng.uniform(silence, silence * 4)) if silence else 0),
        UTC_STAMPS(analyzed_at),
        "speech-3.2.1" if is_speech else "text-1.4.0",
    ]


def qa_values(
    rng: random.Random, s: Segment, evaluation_id: str, fatal: bool
) -> tuple[date, Values]:
    """A QA evaluation of an answered segment, and the (UTC) date it was made on."""
    evaluated_at = s.wrap_end + draw(rng, 2 * 3600, 30 * 3600)
    return UTC_STAMPS.local_date(evaluated_at), [
        evaluation_id,
        s.contact_id,
        s.agent_id,
        f"EV{draw(rng, 1, 3):02d}",
        UTC_STAMPS(evaluated_at),
        decimal(min(100.0, max(30.0, rng.gauss(84, 8))), 1),
        decimal(100.0, 1),
        boolean(fatal),
    ]
