with

source as not materialized (

    {{ staging_source('hr_absences') }}

),

quarantined as (

    select * from {{ ref('int_hr_absences_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('agent_id') }} as agent_id,
        {{ to_date('absence_date') }} as absence_date,
        {{ clean_code('absence_type') }} as absence_type,
        {{ to_decimal('hours') }} as hours,
        {{ to_boolean('is_approved') }} as is_approved,
        {{ to_utc_timestamp('updated_at', 'hr_absences') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['agent_id', 'absence_date', 'absence_type'], 'updated_at') }}

),

final as (

    select
        agent_id,
        absence_date,
        absence_type,
        hours,
        is_approved,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
