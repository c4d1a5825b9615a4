-- Customer journeys (kpis.md "Repeat / cross-channel rate"): a customer's inbound initial
-- contacts, answered or not, in arrival order, chained while each one arrives no later than
-- fcr_window_days x 24 h after the latest end so far of the journey (the same window and edge
-- rule as FCR; a contact arriving while an earlier one is still open chains too). A journey
-- is attributed to its first contact's queue and local day. Contacts without customer_id
-- cannot be chained and are left out.
-- Incremental: a run with var incremental chains again every contact of the customers of
-- int_customers_affected (a journey depends only on its customer's contacts).
{{ config(**append_incremental(
    "{{ delete_affected_keys('customer_id', 'int_customers_affected') }}"
)) }}
-- depends_on: {{ ref('int_customers_affected') }}
with

contacts as (

    select * from {{ ref('int_contacts_rolled_up') }}
    {%- if is_incremental() %}
    where customer_id in (select customer_id from {{ ref('int_customers_affected') }})
    {%- endif %}

),

customer_contacts as (

    select
        initial_contact_id,
        customer_id,
        channel,
        first_queue_id,
        local_date,
        arrived_at,
        ended_at,
        max(ended_at) over (
            partition by customer_id
            order by arrived_at, initial_contact_id
            rows between unbounded preceding and 1 preceding
        ) as journey_ended_before_at

    from contacts
    where direction = 'inbound'
        and customer_id is not null

),

starts as (

    select
        *,
        case
            when journey_ended_before_at is null then 1
            when arrived_at > journey_ended_before_at + to_days(cast({{ var('fcr_window_days') }} as integer)) then 1
            else 0
        end as is_journey_start

    from customer_contacts

),

numbered as (

    select
        *,
        sum(is_journey_start) over (
            partition by customer_id
            order by arrived_at, initial_contact_id
            rows between unbounded preceding and current row
        ) as journey_number

    from starts

),

journeys as (

    select
        customer_id,
        journey_number,
        arg_min(initial_contact_id, (arrived_at, initial_contact_id)) as journey_id,
        arg_min(first_queue_id, (arrived_at, initial_contact_id)) as queue_id,
        arg_min(local_date, (arrived_at, initial_contact_id)) as local_date,
        min(arrived_at) as started_at,
        max(ended_at) as ended_at,
        count(*) as contacts,
        count(distinct channel) as channels

    from numbered
    group by
        customer_id,
        journey_number

),

final as (

    select
        journey_id,
        customer_id,
        queue_id,
        local_date,
        started_at,
        ended_at,
        contacts,
        channels,
        contacts > 1 as is_repeat,
        channels > 1 as is_multi_channel

    from journeys

)

select * from final
