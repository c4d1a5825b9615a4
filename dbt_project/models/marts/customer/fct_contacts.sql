-- One row per initial contact (the customer's journey through transfers and callbacks) with the
-- FCR repeat-contact flags of kpis.md "Customer outcome measures".
-- Eligible: inbound, answered (any segment), known customer_id. A repeat is another inbound
-- initial contact of the same customer, on any channel, answered or not, with
-- ended_at < repeat.arrived_at <= ended_at + fcr_window_days x 24 h (the window edge itself
-- counts as a repeat; one second later does not). Outbound contacts never count as repeats.
-- is_fcr_final: the window has closed by the data watermark = the latest arrived_at of any
-- segment in the data (not the wall clock, so a rebuild of the same data gives the same result).
-- Incremental (the FCR window): a run with var incremental flags again every contact of the
-- customers of int_customers_affected (a repeat flag depends only on the same customer's
-- contacts) and the contacts of int_contacts_affected; every other contact whose is_fcr_final
-- the new watermark changes is updated in place (update_fcr_finality).
{{ config(**append_incremental([
    "{{ delete_contacts_to_flag_again() }}",
    "{{ update_fcr_finality() }}",
])) }}
-- depends_on: {{ ref('int_contacts_affected') }}
-- depends_on: {{ ref('int_customers_affected') }}
with

all_contacts as not materialized (

    select * from {{ ref('int_contacts_rolled_up') }}

),

contacts as (

    select * from all_contacts
    {%- if is_incremental() %}
    where {{ is_contact_to_flag_again('all_contacts') }}
    {%- endif %}

),

watermark as (

    {{ fcr_watermark_query() }}

),

windowed as (

    select
        *,
        ended_at + to_days(cast({{ var('fcr_window_days') }} as integer)) as fcr_window_ends_at

    from contacts

),

inbound_arrivals as (

    select
        initial_contact_id,
        customer_id,
        arrived_at

    from all_contacts
    where direction = 'inbound'
        and customer_id is not null
        {%- if is_incremental() %}
        and customer_id in (select customer_id from contacts)
        {%- endif %}

),

repeats as (

    select distinct windowed.initial_contact_id

    from windowed
    inner join inbound_arrivals
        on windowed.customer_id = inbound_arrivals.customer_id
        and windowed.initial_contact_id != inbound_arrivals.initial_contact_id
        and inbound_arrivals.arrived_at > windowed.ended_at
        and inbound_arrivals.arrived_at <= windowed.fcr_window_ends_at

),

flagged as (

    select
        windowed.*,
        windowed.customer_id is not null as has_customer_id,
        coalesce(
            windowed.direction = 'inbound' and windowed.is_answered and windowed.customer_id is not null,
            false
        ) as is_fcr_eligible,
        case
            when windowed.customer_id is not null then repeats.initial_contact_id is not null
        end as has_repeat_contact,
        {{ fcr_finality('windowed.fcr_window_ends_at', 'watermark.data_watermark_at') }} as is_fcr_final

    from windowed
    cross join watermark
    left join repeats
        on windowed.initial_contact_id = repeats.initial_contact_id

),

final as (

    select
        initial_contact_id,
        customer_id,
        has_customer_id,
        channel,
        direction,
        first_queue_id,
        queue_timezone,
        local_date,
        arrived_at,
        first_queued_at,
        first_agent_id,
        first_answered_at,
        ended_at,
        final_end_reason,
        segments,
        transfers,
        total_handle_seconds,
        is_answered,
        is_fcr_eligible,
        has_repeat_contact,
        case when is_fcr_eligible then not has_repeat_contact end as is_first_contact_resolved,
        fcr_window_ends_at,
        is_fcr_final

    from flagged

)

select * from final
