"""The enumerations of ../shared/spec/sources.md: allowed values per extract and column.

The dbt rule checks (dbt_project/macros/quality/quality_contracts.sql) quarantine a row whose
value is outside its set; tests/unit/test_bad_rows.py asserts both lists are the same.
Values are compared trimmed and lower case, as staging cleans them.
"""

from __future__ import annotations

CHANNELS = ("voice", "chat", "email", "callback", "social")
DIRECTIONS = ("inbound", "outbound")
END_REASONS = ("completed", "abandoned", "transferred", "timeout", "callback_requested", "error")
EMOTIONS = ("positive", "neutral", "negative")

VALUE_SETS: dict[str, dict[str, tuple[str, ...]]] = {
    "acd_contacts": {"channel": CHANNELS, "direction": DIRECTIONS, "end_reason": END_REASONS},
    "acd_agent_states": {"state": ("available", "on_contact", "acw", "aux", "offline")},
    "acd_queues": {
        "channel": CHANNELS,
        "purpose": ("service", "sales", "retention", "technical"),
    },
    "crm_customers": {},
    "crm_cases": {"channel": CHANNELS, "priority": ("low", "normal", "high", "urgent")},
    "crm_orders": {"order_type": ("new_sale", "upsell", "retention_offer", "cancellation")},
    "survey_responses": {"survey_type": ("post_contact", "relationship"), "emotion": EMOTIONS},
    "interaction_analytics": {"emotion": EMOTIONS},
    "qa_evaluations": {},
    "hr_agents": {"termination_type": ("voluntary", "involuntary")},
    "wfm_schedules": {"activity": ("work", "break", "lunch", "training", "meeting")},
    "hr_absences": {},
    "employee_surveys": {},
    "finance_costs": {
        "category": ("labour", "telephony", "facilities", "technology", "other"),
    },
}
