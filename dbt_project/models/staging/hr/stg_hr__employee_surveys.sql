with

source as not materialized (

    {{ staging_source('employee_surveys') }}

),

quarantined as (

    select * from {{ ref('int_employee_surveys_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('response_id') }} as response_id,
        {{ clean_text('agent_id') }} as agent_id,
        {{ clean_text('team_id') }} as team_id,
        {{ to_utc_timestamp('responded_at', 'employee_surveys') }} as responded_at,
        {{ to_integer('esat') }} as esat,
        {{ to_integer('enps') }} as enps,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['response_id'], 'responded_at') }}

),

final as (

    select
        response_id,
        agent_id,
        team_id,
        responded_at,
        esat,
        enps,
        source_file,
        source_line

    from deduplicated

)

select * from final
