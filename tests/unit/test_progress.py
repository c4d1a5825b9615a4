"""The terminal shows a run's progress: steps, ingest counts, dbt models, failed checks."""

from __future__ import annotations

import pytest

from orchestration.lib.progress import progress_line

PREFIX = "2026-11-27 05:22:38 +0000 - dagster"
RUN = "__ASSET_JOB - ef2849f5-6958-45f6-88dc-96f5bd1c2390"

LINES = [
    (
        f"{PREFIX} - DEBUG - {RUN} - 7596 - raw__acd_contacts - STEP_START - Started execution",
        "raw__acd_contacts: step start",
    ),
    (
        f"{PREFIX} - INFO - {RUN} - raw__acd_contacts - acd_contacts/acd_contacts_2026-03-27.csv: "
        "720 rows",
        "raw__acd_contacts: acd_contacts/acd_contacts_2026-03-27.csv: 720 rows",
    ),
    (
        f"{PREFIX} - DEBUG - {RUN} - 7596 - raw__acd_contacts_gx - ASSET_CHECK_EVALUATION - "
        "Asset check 'gx' on 'raw/acd_contacts' did not pass. Description: 'channel_in_set'",
        "raw__acd_contacts_gx: Asset check 'gx' on 'raw/acd_contacts' did not pass."
        " Description: 'channel_in_set'",
    ),
    (
        f"{PREFIX} - DEBUG - {RUN} - 7596 - raw__acd_contacts_gx - ASSET_CHECK_EVALUATION - "
        "Asset check 'gx' on 'raw/acd_contacts' passed.",
        None,
    ),
    (
        f"{PREFIX} - DEBUG - {RUN} - 7596 - RUN_FAILURE - Execution of run failed.",
        "run: run failure",
    ),
    (
        f"{PREFIX} - DEBUG - {RUN} - 7596 - callscope_dbt_models - STEP_OUTPUT - Yielded output",
        None,
    ),
    (f"{PREFIX} - INFO - {RUN} - callscope_dbt_models - Finished dbt command", None),
    (
        "12 of 115 OK created sql table model marts.kpi_queue_daily ..... [OK in 0.10s]",
        "dbt: 12 of 115 OK created sql table model marts.kpi_queue_daily ..... [OK in 0.10s]",
    ),
    ("13 of 115 PASS not_null_kpi_queue_daily_queue_id ..... [PASS in 0.02s]", None),
    (
        "14 of 115 FAIL 3 accepted_values_stg_channel ..... [FAIL 3 in 0.02s]",
        "dbt: 14 of 115 FAIL 3 accepted_values_stg_channel ..... [FAIL 3 in 0.02s]",
    ),
    (
        "Done. PASS=115 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=115",
        "dbt: Done. PASS=115 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=115",
    ),
    ("Traceback (most recent call last):", None),
]


@pytest.mark.parametrize(("line", "shown"), LINES)
def test_progress_line(line: str, shown: str | None) -> None:
    assert progress_line(line + "\n") == shown
