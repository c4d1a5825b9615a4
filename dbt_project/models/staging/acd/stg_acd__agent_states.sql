-- depends_on: {{ ref('int_acd_agent_states_affected') }}
with

source as not materialized (

    {{ staging_source('acd_agent_states') }}

),

quarantined as (

    select * from {{ ref('int_acd_agent_states_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('agent_id') }} as agent_id,
        {{ clean_code('state') }} as state,
        {{ clean_code('reason_code') }} as reason_code,
        {{ to_utc_timestamp('started_at', 'acd_agent_states') }} as started_at,
        {{ to_utc_timestamp('ended_at', 'acd_agent_states') }} as ended_at,
        {{ to_utc_timestamp('updated_at', 'acd_agent_states') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['agent_id', 'started_at'], 'updated_at') }}

),

final as (

    select
        agent_id,
        state,
        reason_code,
        started_at,
        ended_at,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
