"""Customer feedback and analytics on contacts: surveys, speech/text analytics, QA evaluations."""

from __future__ import annotations

import random
from datetime import date

from orchestration.lib.sample.clock import format_ts, local_date, utc_epoch
from orchestration.lib.sample.customers import Customer
from orchestration.lib.sample.fields import Row, boolean, decimal, integer
from orchestration.lib.sample.segments import Segment
from orchestration.lib.sample.text import survey_comment

_TOPICS = {
    "sale": "purchase_inquiry",
    "cancel_request": "cancellation",
    "billing": "billing_question",
    "technical_issue": "technical_problem",
    "general": "general_inquiry",
}
_SENTIMENT = {
    "sale": 0.45,
    "general": 0.2,
    "billing": -0.05,
    "technical_issue": -0.15,
    "cancel_request": -0.35,
}


def _maybe(rng: random.Random, value: int, null_share: float = 0.08) -> int | None:
    return None if rng.random() < null_share else value


def _emotion(satisfaction: float) -> str:
    return "positive" if satisfaction > 0.65 else "negative" if satisfaction < 0.35 else "neutral"


def _survey_row(
    rng: random.Random,
    rid: int,
    kind: str,
    at: int,
    satisfaction: float,
    contact_id: str | None,
    customer_id: str | None,
) -> Row:
    satisfaction = min(1.0, max(0.0, satisfaction))
    emotion = _emotion(satisfaction)
    resolved = None if rng.random() < 0.1 else satisfaction + rng.uniform(-0.15, 0.15) > 0.45
    return {
        "response_id": f"SR{rid:06d}",
        "contact_id": contact_id,
        "customer_id": customer_id,
        "survey_type": kind,
        "responded_at": format_ts(at),
        "csat": integer(_maybe(rng, 1 + round(4 * satisfaction))),
        "nps": integer(_maybe(rng, round(10 * satisfaction))),
        "ces": integer(_maybe(rng, 7 - round(6 * satisfaction))),
        "resolved": boolean(resolved if kind == "post_contact" else None),
        "emotion": None if rng.random() < 0.05 else emotion,
        "comment": survey_comment(rng, emotion) if rng.random() < 0.5 else None,
        "updated_at": format_ts(at),
    }


def survey_rows(
    rng: random.Random, segments: list[Segment], customers: list[Customer], days: list[date]
) -> list[tuple[date, Row]]:
    """Post-contact surveys for about a fifth of answered initial contacts (on the date the
    response arrived, if within the range), and a few relationship surveys each day."""
    rows: list[tuple[date, Row]] = []
    for s in segments:
        if not (
            s.is_answered and s.contact_id == s.initial_contact_id and s.direction == "inbound"
        ):
            continue
        if rng.random() >= 0.2 or s.queue is None or s.answered_at is None or s.queued_at is None:
            continue
        at = s.wrap_end + rng.randint(120, 36 * 3600)
        if local_date(at, None) > days[-1]:
            continue
        satisfaction = rng.uniform(0.35, 1.0)
        satisfaction -= (
            0.25 if s.answered_at - s.queued_at > s.queue.threshold_on(s.business_date) else 0
        )
        satisfaction -= 0.2 if s.end_reason == "transferred" else 0
        satisfaction -= 0.15 if s.wrap_code == "cancel_request" else 0
        customer_id = s.customer.customer_id if s.customer else None
        row = _survey_row(
            rng, len(rows) + 1, "post_contact", at, satisfaction, s.contact_id, customer_id
        )
        rows.append((local_date(at, None), row))
    for on in days:
        known = [c for c in customers if c.created_at <= utc_epoch(on)]
        for _ in range(3):
            at = utc_epoch(on, 8) + rng.randint(0, 12 * 3600)
            customer = rng.choice(known)
            satisfaction = rng.uniform(0.2, 1.0)
            row = _survey_row(
                rng, len(rows) + 1, "relationship", at, satisfaction, None, customer.customer_id
            )
            rows.append((on, row))
    return rows


def analytics_rows(rng: random.Random, segments: list[Segment]) -> list[tuple[date, Row]]:
    """Speech/text analytics on every answered segment."""
    rows = []
    for s in segments:
        if not s.is_answered or s.wrap_code is None:
            continue
        topic = (
            _TOPICS[s.wrap_code] if rng.random() >= 0.15 else rng.choice(sorted(_TOPICS.values()))
        )
        mean = _SENTIMENT[s.wrap_code] - (0.1 if s.end_reason == "transferred" else 0)
        sentiment = min(1.0, max(-1.0, rng.gauss(mean, 0.3)))
        emotion = "positive" if sentiment > 0.25 else "negative" if sentiment < -0.25 else "neutral"
        talk = s.talk_seconds or 0
        silence = {"voice": 0.02, "callback": 0.02, "chat": 0.1}.get(s.channel)
        is_speech = s.channel in ("voice", "callback")
        row = {
            "contact_id": s.contact_id,
            "topic": topic,
            "sentiment_score": decimal(sentiment, 3),
            "emotion": emotion,
            "silence_seconds": integer(
                int(talk * rng.uniform(silence, silence * 4)) if silence else 0
            ),
            "analyzed_at": format_ts(s.wrap_end + rng.randint(300, 3600)),
            "model_version": "speech-3.2.1" if is_speech else "text-1.4.0",
        }
        rows.append((s.business_date, row))
    return rows


def qa_rows(rng: random.Random, segments: list[Segment]) -> list[tuple[date, Row]]:
    """QA evaluations of about one answered segment in twenty; some with a fatal error."""
    answered = [s for s in segments if s.is_answered]
    picked = [s for s in answered if rng.random() < 0.05] or answered[:1]
    rows = []
    for i, s in enumerate(picked):
        fatal = rng.random() < 0.08 or i == 0  # the first one always, so every run has one
        row = {
            "evaluation_id": f"QA{i + 1:05d}",
            "contact_id": s.contact_id,
            "agent_id": s.agent_id,
            "evaluator_id": f"EV{rng.randint(1, 3):02d}",
            "evaluated_at": format_ts(s.wrap_end + rng.randint(2 * 3600, 30 * 3600)),
            "score": decimal(min(100.0, max(30.0, rng.gauss(84, 8))), 1),
            "max_score": decimal(100.0, 1),
            "has_fatal_error": boolean(fatal),
        }
        rows.append((s.business_date, row))
    return rows
