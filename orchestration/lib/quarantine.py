"""The quarantine gate: a partition whose share of unresolved quarantined rows exceeds the limit
blocks publishing, with a message naming the extract, partition, share and the rules that fired
most. A quarantined row is resolved once a later delivery of its key was accepted (the source
re-delivered it corrected), so re-delivering the corrected rows lifts the block.

Reads marts.dq_reconciliation and marts.dq_quarantine of the build database (dbt builds them
from the rule checks). The limit comes from CALLSCOPE_MAX_QUARANTINE_SHARE (default 0.01).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.lib.duck import connect

SHARE_ENV = "CALLSCOPE_MAX_QUARANTINE_SHARE"
DEFAULT_MAX_SHARE = 0.01
TOP_RULES = 3


class QuarantineLimitError(ValueError):
    """CALLSCOPE_MAX_QUARANTINE_SHARE is not a number between 0 and 1."""


@dataclass(frozen=True)
class RuleCount:
    rule: str
    rows: int
    example: str  # the first reason of the rule, in (file, line) order


@dataclass(frozen=True)
class PartitionOverLimit:
    extract: str
    partition_date: date
    landed: int
    quarantined: int  # unresolved: no later accepted delivery of the key
    share: float
    top_rules: tuple[RuleCount, ...]

    def describe(self, limit: float) -> str:
        rules = "; ".join(f"{r.rule} ({r.rows} rows, e.g. {r.example})" for r in self.top_rules)
        return (
            f"{self.extract} {self.partition_date.isoformat()}: {self.quarantined} of"
            f" {self.landed} rows quarantined and not corrected ({self.share:.1%}),"
            f" above the limit of {limit:.1%}; top rules: {rules}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "extract": self.extract,
            "partition_date": self.partition_date.isoformat(),
            "landed": self.landed,
            "quarantined": self.quarantined,
            "quarantine_share": self.share,
            "top_rules": [
                {"rule": r.rule, "rows": r.rows, "example": r.example} for r in self.top_rules
            ],
        }


def max_quarantine_share(environ: Mapping[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    text = (env.get(SHARE_ENV) or "").strip()
    if not text:
        return DEFAULT_MAX_SHARE
    try:
        value = float(text)
    except ValueError as exc:
        raise QuarantineLimitError(f"{SHARE_ENV}={text!r} is not a number") from exc
    if not 0 <= value <= 1:
        raise QuarantineLimitError(f"{SHARE_ENV}={text!r} must be between 0 and 1 (0.01 = 1 %)")
    return value


def partitions_over_limit(
    db_path: Path | str, first: str | date, last: str | date, limit: float
) -> list[PartitionOverLimit]:
    """The partitions of first..last whose unresolved quarantine share exceeds `limit`, worst
    first, each with its most frequent unresolved rules."""
    with closing(connect(db_path, read_only=True)) as con:
        rows = con.execute(
            """
            select
                extract,
                partition_date,
                landed,
                quarantined_unresolved,
                unresolved_quarantine_share
            from marts.dq_reconciliation
            where partition_date between ? and ? and unresolved_quarantine_share > ?
            order by unresolved_quarantine_share desc, extract, partition_date
            """,
            [str(first), str(last), limit],
        ).fetchall()
        over = []
        for extract, partition_date, landed, quarantined, share in rows:
            rules = con.execute(
                """
                select rule, count(distinct (file, line)) as rows, arg_min(reason, (file, line))
                from marts.dq_quarantine
                where extract = ? and partition_date = ? and not is_resolved
                group by rule
                order by rows desc, rule
                limit ?
                """,
                [extract, partition_date, TOP_RULES],
            ).fetchall()
            over.append(
                PartitionOverLimit(
                    extract,
                    partition_date,
                    landed,
                    quarantined,
                    share,
                    tuple(RuleCount(*rule) for rule in rules),
                )
            )
    return over
