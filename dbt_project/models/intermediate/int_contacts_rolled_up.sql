-- One row per initial contact: all of its segments (inbound and outbound, queued or not) rolled
-- up. The first segment is the one with contact_id = initial_contact_id (else the earliest);
-- it gives the customer's channel, direction and arrival. The first queue and local day are
-- those of the contact's first inbound queued segment, dated as int_contact_segments_classified
-- dates it (same macros, so they match fct_contact_segments); a contact without one (outbound,
-- never queued) takes the first segment that names a queue and the date of its queued_at (else
-- arrived_at) in that queue's current timezone, else in var reporting_timezone (a contact
-- without arrived_at is dated by its first queued_at, else its end).
-- Incremental: a run with var incremental rolls up again the initial contacts of
-- int_contacts_affected.
-- Memory: the rows are ranked on the narrow columns the roll-up reads, and the first queued
-- segment is found in the same aggregation (not joined from int_contact_segments_classified):
-- at 1,000 agents x 365 days the ranking of whole segments and the join of two aggregates did not
-- fit in DuckDB's 4GB; this fits in 3GB (docs/performance.md).
{{ config(**append_incremental(
    "{{ delete_affected_keys('initial_contact_id', 'int_contacts_affected') }}"
)) }}
-- depends_on: {{ ref('int_contacts_affected') }}
with

segments as (

    select * from {{ ref('stg_acd__contact_segments') }}

),

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

keyed as (

    select
        coalesce(initial_contact_id, contact_id) as journey_contact_id,
        contact_id,
        customer_id,
        channel,
        direction,
        queue_id,
        arrived_at,
        queued_at,
        answered_at,
        ended_at,
        agent_id,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        end_reason,
        {{ is_inbound_queued() }} as is_inbound_queued

    from segments
    {%- if is_incremental() %}
    where coalesce(initial_contact_id, contact_id) in (
        select initial_contact_id from {{ ref('int_contacts_affected') }}
    )
    {%- endif %}

),

ordered as (

    select
        *,
        row_number() over (
            partition by journey_contact_id
            order by
                contact_id = journey_contact_id desc,
                arrived_at nulls last,
                queued_at nulls last,
                contact_id
        ) as segment_number,
        row_number() over (
            partition by journey_contact_id
            order by
                ended_at desc nulls last,
                arrived_at desc nulls last,
                contact_id desc
        ) as reverse_segment_number

    from keyed

),

rolled_up as (

    select
        journey_contact_id as initial_contact_id,
        arg_min(customer_id, segment_number) filter (where customer_id is not null) as customer_id,
        arg_min(channel, segment_number) as channel,
        arg_min(direction, segment_number) as direction,
        arg_min(arrived_at, segment_number) as arrived_at,
        arg_min(queue_id, segment_number) filter (where queue_id is not null) as first_named_queue_id,
        arg_min(coalesce(queued_at, arrived_at), segment_number) filter (
            where queue_id is not null
        ) as first_named_queue_at,
        min(queued_at) as first_queued_at,
        arg_min(agent_id, answered_at) filter (where answered_at is not null) as first_agent_id,
        min(answered_at) as first_answered_at,
        max(ended_at) as ended_at,
        arg_min(end_reason, reverse_segment_number) as final_end_reason,
        count(*) as segments,
        count(case when end_reason = 'transferred' then 1 end) as transfers,
        cast(sum(
            case
                when answered_at is not null
                    then coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)
            end
        ) as bigint) as total_handle_seconds,
        bool_or(answered_at is not null) as is_answered,
        max(arrived_at) as last_arrived_at,
        arg_min(queue_id, (queued_at, contact_id)) filter (where is_inbound_queued) as first_inbound_queue_id,
        min(queued_at) filter (where is_inbound_queued) as first_inbound_queued_at

    from ordered
    group by journey_contact_id

),

current_queues as (

    select
        queue_id,
        timezone

    from queue_versions
    where is_current

),

attributed as (

    select
        rolled_up.*,
        coalesce(rolled_up.first_inbound_queue_id, rolled_up.first_named_queue_id) as first_queue_id,
        {{ queue_local_timezone('current_queues') }} as queue_timezone

    from rolled_up
    left join current_queues
        on coalesce(rolled_up.first_inbound_queue_id, rolled_up.first_named_queue_id) = current_queues.queue_id

),

final as (

    select
        initial_contact_id,
        customer_id,
        channel,
        direction,
        first_queue_id,
        queue_timezone,
        cast(timezone(
            queue_timezone,
            coalesce(first_inbound_queued_at, first_named_queue_at, arrived_at, first_queued_at, ended_at)
        ) as date) as local_date,
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
        last_arrived_at

    from attributed

)

select * from final
