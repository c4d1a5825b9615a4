with

source as not materialized (

    {{ staging_source('wfm_schedules') }}

),

quarantined as (

    select * from {{ ref('int_wfm_schedules_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('agent_id') }} as agent_id,
        {{ clean_code('activity') }} as activity,
        {{ to_utc_timestamp('starts_at', 'wfm_schedules') }} as starts_at,
        {{ to_utc_timestamp('ends_at', 'wfm_schedules') }} as ends_at,
        {{ to_utc_timestamp('updated_at', 'wfm_schedules') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['agent_id', 'starts_at'], 'updated_at') }}

),

final as (

    select
        agent_id,
        activity,
        starts_at,
        ends_at,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
