-- One row per analysed contact segment (interaction_analytics is keyed by acd contact_id),
-- attributed like post-contact surveys: the segment's own queue and local day when it
-- queued, else its initial contact's first queue and day (int_contacts_segments_attributed).
-- A row whose segment is not in acd_contacts counts on the var reporting_timezone date of
-- analyzed_at with queue_id null.
-- Incremental: a run with var incremental attributes again the rows of the contact_ids the
-- run's interaction_analytics files deliver and of the segments int_contacts_segments_attributed
-- attributed again (analytics_to_attribute_again()); the other rows keep what they had, as
-- neither of their inputs changed.
{{ config(**append_incremental(
    "{{ delete_keys_in('contact_id', analytics_to_attribute_again()) }}"
)) }}
-- depends_on: {{ ref('int_contacts_affected') }}
with

analytics as (

    select * from {{ ref('stg_feedback__interaction_analytics') }}
    {%- if is_incremental() %}
    where contact_id in ({{ analytics_to_attribute_again() }})
    {%- endif %}

),

segments as (

    select * from {{ ref('int_contacts_segments_attributed') }}
    {%- if is_incremental() %}
    where contact_id in ({{ analytics_to_attribute_again() }})
    {%- endif %}

),

attributed as (

    select
        analytics.*,
        segments.contact_id is not null as is_attributed_to_contact,
        segments.initial_contact_id,
        segments.customer_id,
        segments.channel,
        segments.direction,
        segments.agent_id,
        segments.queue_id,
        segments.local_date as contact_local_date

    from analytics
    left join segments
        on analytics.contact_id = segments.contact_id

),

final as (

    select
        contact_id,
        initial_contact_id,
        customer_id,
        channel,
        direction,
        agent_id,
        queue_id,
        case
            when is_attributed_to_contact then contact_local_date
            else {{ reporting_date('analyzed_at') }}
        end as local_date,
        is_attributed_to_contact,
        topic,
        sentiment_score,
        emotion,
        silence_seconds,
        analyzed_at,
        model_version

    from attributed

)

select * from final
