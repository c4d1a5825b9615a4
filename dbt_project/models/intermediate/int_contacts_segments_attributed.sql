-- Every segment of acd_contacts with the queue and local day that a contact-outcome measure
-- about it (a post-contact survey, interaction analytics) is attributed to (kpis.md "Time
-- attribution"): an inbound queued segment keeps its own queue and local day (as in
-- fct_contact_segments); any other segment (outbound callback, never queued) takes its initial
-- contact's first queue and local day (int_contacts_rolled_up). For an initial contact both
-- rules give the contact's first queue and day, so FCR, surveys and analytics agree.
-- Incremental: a run with var incremental attributes again the segments of the initial
-- contacts of int_contacts_affected, as int_contacts_rolled_up rolls them up again. A segment's
-- row changes only with the segment itself (its initial contact is then affected), with its
-- initial contact's roll-up (recomputed exactly for those) or with a queue's timezone (a new
-- acd_queues file: the orchestration rebuilds in full).
{{ config(**append_incremental(
    "{{ delete_affected_keys('initial_contact_id', 'int_contacts_affected') }}"
)) }}
-- depends_on: {{ ref('int_contacts_affected') }}
with

segments as (

    select * from {{ ref('stg_acd__contact_segments') }}
    {%- if is_incremental() %}
    where coalesce(initial_contact_id, contact_id) in (
        select initial_contact_id from {{ ref('int_contacts_affected') }}
    )
    {%- endif %}

),

queued_segments as (

    select * from {{ ref('int_contact_segments_classified') }}

),

contacts as (

    select * from {{ ref('int_contacts_rolled_up') }}

),

attributed as (

    select
        segments.contact_id,
        coalesce(segments.initial_contact_id, segments.contact_id) as initial_contact_id,
        coalesce(segments.customer_id, contacts.customer_id) as customer_id,
        segments.channel,
        segments.direction,
        segments.agent_id,
        queued_segments.contact_id is not null as is_queued_segment,
        case
            when queued_segments.contact_id is not null then queued_segments.queue_id
            else contacts.first_queue_id
        end as queue_id,
        case
            when queued_segments.contact_id is not null then queued_segments.local_date
            else contacts.local_date
        end as local_date

    from segments
    left join queued_segments
        on segments.contact_id = queued_segments.contact_id
    left join contacts
        on coalesce(segments.initial_contact_id, segments.contact_id) = contacts.initial_contact_id

),

final as (

    select
        contact_id,
        initial_contact_id,
        customer_id,
        channel,
        direction,
        agent_id,
        is_queued_segment,
        queue_id,
        local_date

    from attributed

)

select * from final
