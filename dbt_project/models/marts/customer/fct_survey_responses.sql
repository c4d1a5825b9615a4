-- One row per survey response with its KPI flags and its attribution (kpis.md "Time
-- attribution"): a post-contact survey counts on the surveyed contact's queue and local day
-- (int_contacts_segments_attributed: the segment's own queue and day when it queued, else its
-- initial contact's first queue and day), not on the day the response arrived. A relationship
-- survey, or a post-contact survey whose contact is not in acd_contacts, counts on the
-- var reporting_timezone date of responded_at with queue_id null.
-- Incremental: a run with var incremental attributes again the responses the run's
-- survey_responses files deliver and those naming a segment int_contacts_segments_attributed
-- attributed again (surveys_to_attribute_again()); the other rows keep what they had, as none
-- of their inputs changed.
{{ config(**append_incremental(
    "{{ delete_keys_in('response_id', surveys_to_attribute_again()) }}"
)) }}
-- depends_on: {{ ref('int_contacts_affected') }}
with

responses as (

    select * from {{ ref('stg_feedback__survey_responses') }}
    {%- if is_incremental() %}
    where response_id in ({{ surveys_to_attribute_again() }})
    {%- endif %}

),

segments as (

    select * from {{ ref('int_contacts_segments_attributed') }}

),

attributed as (

    select
        responses.*,
        segments.contact_id is not null as is_attributed_to_contact,
        segments.initial_contact_id,
        segments.channel,
        segments.agent_id,
        segments.queue_id,
        segments.local_date as contact_local_date,
        segments.customer_id as contact_customer_id

    -- The relationship condition sits inside the join key (null never matches) rather than
    -- beside it: a condition on the responses alone would make this a nested-loop join.
    from responses
    left join segments
        on segments.contact_id = case
            when coalesce(responses.survey_type, '') != 'relationship' then responses.contact_id
        end

),

final as (

    select
        response_id,
        survey_type,
        contact_id,
        initial_contact_id,
        coalesce(customer_id, contact_customer_id) as customer_id,
        channel,
        agent_id,
        queue_id,
        case
            when is_attributed_to_contact then contact_local_date
            else {{ reporting_date('responded_at') }}
        end as local_date,
        is_attributed_to_contact,
        responded_at,
        csat,
        nps,
        ces,
        is_resolved,
        emotion,
        csat >= {{ var('csat_top_box_min') }} as is_csat_top_box,
        nps >= 9 as is_promoter,
        nps between 7 and 8 as is_passive,
        nps <= 6 as is_detractor,
        updated_at

    from attributed

)

select * from final
