"""The landing contract of ../shared/spec/sources.md, as data.

One place names every extract, its columns, logical types, key and version column, so that
the generator, the ingest and the tests all read the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
TIMESTAMP = "timestamp"
INTEGER = "integer"
DECIMAL = "decimal"
BOOLEAN = "boolean"
DATE = "date"
MONTH = "month"  # 'YYYY-MM'


@dataclass(frozen=True)
class Column:
    name: str
    type: str = TEXT
    is_pii: bool = False


@dataclass(frozen=True)
class Extract:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Column deciding which delivery of a key wins (latest wins, then the later file).
    # None: the later file wins.
    version_column: str | None = "updated_at"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Every contract column must be in the header (its values may be empty)."""
        return self.column_names

    @property
    def pii_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.is_pii)


def _cols(spec: str) -> tuple[Column, ...]:
    """Parse 'name:type' tokens; a trailing '!' marks a PII column."""
    columns = []
    for token in spec.split():
        name, _, kind = token.partition(":")
        is_pii = kind.endswith("!")
        columns.append(Column(name, kind.rstrip("!") or TEXT, is_pii))
    return tuple(columns)


EXTRACTS: dict[str, Extract] = {
    e.name: e
    for e in (
        Extract(
            "acd_contacts",
            _cols(
                "contact_id initial_contact_id previous_contact_id channel direction queue_id"
                " customer_id ani:text! arrived_at:timestamp queued_at:timestamp"
                " answered_at:timestamp ended_at:timestamp agent_id talk_seconds:integer"
                " hold_seconds:integer acw_seconds:integer end_reason transfer_to_queue_id"
                " wrap_code case_id updated_at:timestamp"
            ),
            key=("contact_id",),
        ),
        Extract(
            "acd_agent_states",
            _cols(
                "agent_id state reason_code started_at:timestamp ended_at:timestamp"
                " updated_at:timestamp"
            ),
            key=("agent_id", "started_at"),
        ),
        Extract(
            "acd_queues",
            _cols(
                "queue_id queue_name channel purpose timezone sl_threshold_seconds:integer"
                " sl_target_pct:decimal short_abandon_seconds:integer updated_at:timestamp"
            ),
            key=("queue_id", "updated_at"),  # slowly changing: every version is kept
        ),
        Extract(
            "crm_customers",
            _cols(
                "customer_id segment region created_at:timestamp churned_at:timestamp"
                " email:text! phone:text! updated_at:timestamp"
            ),
            key=("customer_id",),
        ),
        Extract(
            "crm_cases",
            _cols(
                "case_id customer_id channel category priority status opened_at:timestamp"
                " first_response_at:timestamp resolved_at:timestamp closed_at:timestamp"
                " reopened_count:integer updated_at:timestamp"
            ),
            key=("case_id",),
        ),
        Extract(
            "crm_orders",
            _cols(
                "order_id customer_id contact_id ordered_at:timestamp order_type"
                " amount:decimal currency updated_at:timestamp"
            ),
            key=("order_id",),
        ),
        Extract(
            "survey_responses",
            _cols(
                "response_id contact_id customer_id survey_type responded_at:timestamp"
                " csat:integer nps:integer ces:integer resolved:boolean emotion comment:text!"
                " updated_at:timestamp"
            ),
            key=("response_id",),
        ),
        Extract(
            "interaction_analytics",
            _cols(
                "contact_id topic sentiment_score:decimal emotion silence_seconds:integer"
                " analyzed_at:timestamp model_version"
            ),
            key=("contact_id",),
            version_column="analyzed_at",
        ),
        Extract(
            "qa_evaluations",
            _cols(
                "evaluation_id contact_id agent_id evaluator_id evaluated_at:timestamp"
                " score:decimal max_score:decimal has_fatal_error:boolean"
            ),
            key=("evaluation_id",),
            version_column="evaluated_at",
        ),
        Extract(
            "hr_agents",
            _cols(
                "agent_id full_name:text! team_id site primary_queue_id hired_at:date"
                " terminated_at:date termination_type hourly_cost:decimal updated_at:timestamp"
            ),
            key=("agent_id",),
        ),
        Extract(
            "wfm_schedules",
            _cols("agent_id activity starts_at:timestamp ends_at:timestamp updated_at:timestamp"),
            key=("agent_id", "starts_at"),
        ),
        Extract(
            "hr_absences",
            _cols(
                "agent_id absence_date:date absence_type hours:decimal is_approved:boolean"
                " updated_at:timestamp"
            ),
            key=("agent_id", "absence_date", "absence_type"),
        ),
        Extract(
            "employee_surveys",
            _cols("response_id agent_id team_id responded_at:timestamp esat:integer enps:integer"),
            key=("response_id",),
            version_column="responded_at",
        ),
        Extract(
            "finance_costs",
            _cols("cost_month:month site category amount:decimal currency"),
            key=("cost_month", "site", "category"),
            version_column=None,
        ),
    )
}

FILE_EXTENSIONS = ("csv", "csv.gz", "parquet", "jsonl")
