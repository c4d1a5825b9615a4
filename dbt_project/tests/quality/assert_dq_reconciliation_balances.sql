-- Every landed row is staged, superseded by another delivery of its key, or quarantined, and
-- exactly one of these (dq_reconciliation): returns the partitions where the counts differ.
{{ config(severity='error') }}

select
    extract,
    partition_date,
    landed,
    staged,
    duplicates,
    quarantined

from {{ ref('dq_reconciliation') }}
where landed <> staged + duplicates + quarantined
