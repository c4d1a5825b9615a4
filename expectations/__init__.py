"""Great Expectations suites as code: one module per suite (raw_extracts builds one per extract)."""

from __future__ import annotations

from expectations.acd_contacts_raw import SUITE as ACD_CONTACTS_RAW
from expectations.dim_queues import SUITE as DIM_QUEUES
from expectations.dq_quarantine import SUITE as DQ_QUARANTINE
from expectations.dq_reconciliation import SUITE as DQ_RECONCILIATION
from expectations.fct_contact_segments import SUITE as FCT_CONTACT_SEGMENTS
from expectations.kpi_queue_daily import SUITE as KPI_QUEUE_DAILY
from expectations.kpi_queue_interval import SUITE as KPI_QUEUE_INTERVAL
from expectations.mart_contracts import MART_CONTRACT_SUITES
from expectations.raw_extracts import RAW_SUITES
from orchestration.lib.quality import SuiteSpec

# Raw suites by extract name: validated on the run's partitions of raw.<extract>.
RAW_SUITES_BY_EXTRACT: dict[str, SuiteSpec] = {"acd_contacts": ACD_CONTACTS_RAW, **RAW_SUITES}

# Mart suites by mart name: validated on the whole mart in the build database. Marts without a
# hand-written suite get their grain and bounded shares checked (mart_contracts).
MART_SUITES: dict[str, SuiteSpec] = {
    **MART_CONTRACT_SUITES,
    **{
        s.name: s
        for s in (
            KPI_QUEUE_DAILY,
            KPI_QUEUE_INTERVAL,
            FCT_CONTACT_SEGMENTS,
            DIM_QUEUES,
            DQ_RECONCILIATION,
            DQ_QUARANTINE,
        )
    },
}

SUITES: dict[str, SuiteSpec] = {
    **{s.name: s for s in RAW_SUITES_BY_EXTRACT.values()},
    **MART_SUITES,
}

__all__ = [
    "ACD_CONTACTS_RAW",
    "DIM_QUEUES",
    "DQ_QUARANTINE",
    "DQ_RECONCILIATION",
    "FCT_CONTACT_SEGMENTS",
    "KPI_QUEUE_DAILY",
    "KPI_QUEUE_INTERVAL",
    "MART_SUITES",
    "RAW_SUITES_BY_EXTRACT",
    "SUITES",
]
