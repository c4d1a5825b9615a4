"""Great Expectations suites as code: one module per suite, each exposing a SUITE."""

from __future__ import annotations

from expectations.acd_contacts_raw import SUITE as ACD_CONTACTS_RAW
from expectations.kpi_queue_daily import SUITE as KPI_QUEUE_DAILY
from orchestration.lib.quality import SuiteSpec

SUITES: dict[str, SuiteSpec] = {s.name: s for s in (ACD_CONTACTS_RAW, KPI_QUEUE_DAILY)}

__all__ = ["ACD_CONTACTS_RAW", "KPI_QUEUE_DAILY", "SUITES"]
