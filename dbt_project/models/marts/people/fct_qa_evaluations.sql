-- QA evaluations with their percentage score. score_pct = score / max_score x 100 (null when
-- max_score is 0 or missing); effective_score_pct is what the quality score averages: 0 for an
-- evaluation with a fatal error while var qa_fatal_error_zeroes_score is true, else score_pct.
-- kpis.md attributes QA to the evaluated contact's day, not the evaluation's: queue_id and
-- queue_local_date are the contact's queue and the queue's local day (fct_contact_segments);
-- local_date is the day in var reporting_timezone of the instant the contact was answered
-- (else arrived), and of evaluated_at when the contact is unknown to acd_contacts.
-- Incremental: a run with var incremental scores and attributes again the evaluations the run's
-- qa_evaluations files deliver and those of the segments its acd_contacts files deliver
-- (evaluations_to_score_again()); the other rows keep what they had, as none of their inputs
-- changed. The segment reads are limited to the evaluated contacts either way.
{%- set zeroes_setting = var('qa_fatal_error_zeroes_score') | string | lower | trim %}
{%- if zeroes_setting not in ['true', 'false'] %}
    {{ exceptions.raise_compiler_error(
        "var qa_fatal_error_zeroes_score must be true or false (kpis.md), got '" ~ zeroes_setting ~ "'") }}
{%- endif %}
{{ config(**append_incremental(
    "{{ delete_keys_in('evaluation_id', evaluations_to_score_again()) }}"
)) }}

with

evaluations as (

    select * from {{ ref('stg_feedback__qa_evaluations') }}
    {%- if is_incremental() %}
    where evaluation_id in ({{ evaluations_to_score_again() }})
    {%- endif %}

),

contact_segments as (

    select * from {{ ref('stg_acd__contact_segments') }}
    where contact_id in (select contact_id from evaluations)

),

queue_segments as (

    select * from {{ ref('fct_contact_segments') }}
    where contact_id in (select contact_id from evaluations)

),

scored as (

    select
        evaluations.*,
        {{ safe_divide('evaluations.score * 100', 'evaluations.max_score') }} as score_pct,
        coalesce(contact_segments.answered_at, contact_segments.arrived_at) as contact_at,
        queue_segments.queue_id,
        queue_segments.local_date as queue_local_date

    from evaluations
    left join contact_segments
        on evaluations.contact_id = contact_segments.contact_id
    left join queue_segments
        on evaluations.contact_id = queue_segments.contact_id

),

final as (

    select
        evaluation_id,
        contact_id,
        agent_id,
        evaluator_id,
        evaluated_at,
        score,
        max_score,
        has_fatal_error,
        score_pct,
        {% if zeroes_setting == 'true' -%}
        case when has_fatal_error then 0.0 else score_pct end as effective_score_pct,
        {%- else -%}
        score_pct as effective_score_pct,
        {%- endif %}
        contact_at,
        queue_id,
        queue_local_date,
        {{ reporting_date('coalesce(contact_at, evaluated_at)') }} as local_date

    from scored

)

select * from final
