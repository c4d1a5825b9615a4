with

source as not materialized (

    {{ staging_source('acd_contacts') }}

),

quarantined as (

    select * from {{ ref('int_acd_contacts_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('initial_contact_id') }} as initial_contact_id,
        {{ clean_text('previous_contact_id') }} as previous_contact_id,
        {{ clean_code('channel') }} as channel,
        {{ clean_code('direction') }} as direction,
        {{ clean_text('queue_id') }} as queue_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ pseudonymize(clean_text('ani')) }} as ani_hash,
        {{ to_utc_timestamp('arrived_at', 'acd_contacts') }} as arrived_at,
        {{ to_utc_timestamp('queued_at', 'acd_contacts') }} as queued_at,
        {{ to_utc_timestamp('answered_at', 'acd_contacts') }} as answered_at,
        {{ to_utc_timestamp('ended_at', 'acd_contacts') }} as ended_at,
        {{ clean_text('agent_id') }} as agent_id,
        {{ to_integer('talk_seconds') }} as talk_seconds,
        {{ to_integer('hold_seconds') }} as hold_seconds,
        {{ to_integer('acw_seconds') }} as acw_seconds,
        {{ clean_code('end_reason') }} as end_reason,
        {{ clean_text('transfer_to_queue_id') }} as transfer_to_queue_id,
        {{ clean_code('wrap_code') }} as wrap_code,
        {{ clean_text('case_id') }} as case_id,
        {{ to_utc_timestamp('updated_at', 'acd_contacts') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['contact_id'], 'updated_at') }}

),

final as (

    select
        contact_id,
        initial_contact_id,
        previous_contact_id,
        channel,
        direction,
        queue_id,
        customer_id,
        ani_hash,
        arrived_at,
        queued_at,
        answered_at,
        ended_at,
        agent_id,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        end_reason,
        transfer_to_queue_id,
        wrap_code,
        case_id,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
