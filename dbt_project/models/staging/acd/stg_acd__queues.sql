-- Slowly changing: every version (queue_id, updated_at) is kept; only a re-delivered version
-- is deduplicated. dim_queues turns the versions into validity ranges.
with

source as not materialized (

    {{ staging_source('acd_queues') }}

),

quarantined as (

    select * from {{ ref('int_acd_queues_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('queue_id') }} as queue_id,
        {{ clean_text('queue_name') }} as queue_name,
        {{ clean_code('channel') }} as channel,
        {{ clean_code('purpose') }} as purpose,
        {{ clean_text('timezone') }} as timezone,
        {{ to_integer('sl_threshold_seconds') }} as sl_threshold_seconds,
        {{ to_decimal('sl_target_pct') }} as sl_target_pct,
        {{ to_integer('short_abandon_seconds') }} as short_abandon_seconds,
        {{ to_utc_timestamp('updated_at', 'acd_queues') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['queue_id', 'updated_at']) }}

),

final as (

    select
        queue_id,
        queue_name,
        channel,
        purpose,
        timezone,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
