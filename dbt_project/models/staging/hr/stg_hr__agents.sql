-- hired_at and terminated_at are calendar dates (type date), named as in the landing contract.
with

source as not materialized (

    {{ staging_source('hr_agents') }}

),

quarantined as (

    select * from {{ ref('int_hr_agents_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('agent_id') }} as agent_id,
        {{ pseudonymize(clean_text('full_name')) }} as full_name_hash,
        {{ clean_text('team_id') }} as team_id,
        {{ clean_text('site') }} as site,
        {{ clean_text('primary_queue_id') }} as primary_queue_id,
        {{ to_date('hired_at') }} as hired_at,
        {{ to_date('terminated_at') }} as terminated_at,
        {{ clean_code('termination_type') }} as termination_type,
        {{ to_decimal('hourly_cost') }} as hourly_cost,
        {{ to_utc_timestamp('updated_at', 'hr_agents') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['agent_id'], 'updated_at') }}

),

final as (

    select
        agent_id,
        full_name_hash,
        team_id,
        site,
        primary_queue_id,
        hired_at,
        terminated_at,
        termination_type,
        hourly_cost,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
