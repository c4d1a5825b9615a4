-- Customer outcome KPIs of kpis.md per local_date x queue_id, every ratio with its additive
-- components (null where the denominator is 0).
-- Grain: queue-attributed measures (FCR, post-contact surveys, interaction analytics,
-- journeys) sit on the queue's local day of the contact they are about; measures without a
-- queue (relationship surveys, cases, rows whose contact is unknown) sit on rows with
-- queue_id null and the var reporting_timezone date. Every local day of every queue of
-- int_queue_local_days is present (zero counts, null ratios), like kpi_queue_daily.
-- Summing a component over queue_id (nulls included) gives the all-queue day.
{#- the per-source totals CTEs below, each keyed by local_date x queue_id -#}
{%- set component_ctes = [
    'fcr', 'survey_totals', 'analytics_totals', 'resolved_cases', 'responded_cases', 'journey_totals',
] %}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

surveys as (

    select * from {{ ref('fct_survey_responses') }}

),

analytics as (

    select * from {{ ref('fct_interaction_analytics') }}

),

cases as not materialized (

    select * from {{ ref('fct_cases') }}

),

journeys as (

    select * from {{ ref('int_customer_journeys') }}

),

queue_days as (

    select * from {{ ref('int_queue_local_days') }}

),

fcr as (

    select
        local_date,
        first_queue_id as queue_id,
        count(case when is_fcr_eligible then 1 end) as fcr_eligible,
        count(case when is_first_contact_resolved then 1 end) as fcr_resolved,
        count(case when is_fcr_eligible and not is_fcr_final then 1 end) as fcr_provisional,
        count(case when not has_customer_id then 1 end) as fcr_unidentified

    from contacts
    where direction = 'inbound'
        and is_answered
    group by
        local_date,
        first_queue_id

),

survey_totals as (

    select
        local_date,
        queue_id,
        count(*) as survey_responses,
        count(case when is_resolved then 1 end) as survey_resolved_yes,
        count(is_resolved) as survey_resolved_rated,
        count(case when is_csat_top_box then 1 end) as csat_top_box,
        count(csat) as csat_rated,
        cast(sum(csat) as bigint) as csat_sum,
        count(case when is_promoter then 1 end) as promoters,
        count(case when is_passive then 1 end) as passives,
        count(case when is_detractor then 1 end) as detractors,
        count(nps) as nps_rated,
        cast(sum(ces) as bigint) as ces_sum,
        count(ces) as ces_rated,
        count(case when emotion = 'positive' then 1 end) as emotion_positive,
        count(case when emotion = 'negative' then 1 end) as emotion_negative,
        count(case when emotion in ('positive', 'neutral', 'negative') then 1 end) as emotion_rated

    from surveys
    group by
        local_date,
        queue_id

),

analytics_totals as (

    select
        local_date,
        queue_id,
        count(*) as analyzed_contacts,
        count(case when emotion = 'positive' then 1 end) as ia_emotion_positive,
        count(case when emotion = 'negative' then 1 end) as ia_emotion_negative,
        count(case when emotion in ('positive', 'neutral', 'negative') then 1 end) as ia_emotion_rated,
        cast(sum(sentiment_score) as double) as sentiment_sum,
        count(sentiment_score) as sentiment_rated

    from analytics
    group by
        local_date,
        queue_id

),

resolved_cases as (

    select
        resolved_date as local_date,
        cast(null as varchar) as queue_id,
        count(*) as cases_resolved,
        -- summed as whole milliseconds: a sum of doubles depends on DuckDB's parallel
        -- aggregation order, and the same data must give the same bytes on every run
        sum(cast(round(resolution_hours * 3600000) as bigint)) / 3600000.0 as resolution_hours_sum,
        quantile_cont(resolution_hours, 0.5) as p50_resolution_hours,
        quantile_cont(resolution_hours, 0.9) as p90_resolution_hours

    from cases
    where resolved_at is not null
    group by resolved_date

),

responded_cases as (

    select
        first_response_date as local_date,
        cast(null as varchar) as queue_id,
        count(*) as cases_first_responded,
        sum(cast(round(first_response_hours * 3600000) as bigint)) / 3600000.0
            as first_response_hours_sum

    from cases
    where first_response_at is not null
    group by first_response_date

),

journey_totals as (

    select
        local_date,
        queue_id,
        count(*) as journeys,
        count(case when is_repeat then 1 end) as journeys_repeat,
        count(case when is_multi_channel then 1 end) as journeys_multi_channel

    from journeys
    group by
        local_date,
        queue_id

),

all_keys as (

    select queue_id, local_date from queue_days
    {% for totals in component_ctes -%}
    union
    select queue_id, local_date from {{ totals }}
    {% endfor %}

),

-- a row without any timestamp to date it by cannot be attributed to a day
keys as (

    select * from all_keys
    where local_date is not null

),

components as (

    select
        keys.local_date,
        keys.queue_id,
        coalesce(fcr.fcr_eligible, 0) as fcr_eligible,
        coalesce(fcr.fcr_resolved, 0) as fcr_resolved,
        coalesce(fcr.fcr_provisional, 0) as fcr_provisional,
        coalesce(fcr.fcr_unidentified, 0) as fcr_unidentified,
        coalesce(survey_totals.survey_responses, 0) as survey_responses,
        coalesce(survey_totals.survey_resolved_yes, 0) as survey_resolved_yes,
        coalesce(survey_totals.survey_resolved_rated, 0) as survey_resolved_rated,
        coalesce(survey_totals.csat_top_box, 0) as csat_top_box,
        coalesce(survey_totals.csat_rated, 0) as csat_rated,
        coalesce(survey_totals.csat_sum, 0) as csat_sum,
        coalesce(survey_totals.promoters, 0) as promoters,
        coalesce(survey_totals.passives, 0) as passives,
        coalesce(survey_totals.detractors, 0) as detractors,
        coalesce(survey_totals.nps_rated, 0) as nps_rated,
        coalesce(survey_totals.ces_sum, 0) as ces_sum,
        coalesce(survey_totals.ces_rated, 0) as ces_rated,
        coalesce(survey_totals.emotion_positive, 0) as emotion_positive,
        coalesce(survey_totals.emotion_negative, 0) as emotion_negative,
        coalesce(survey_totals.emotion_rated, 0) as emotion_rated,
        coalesce(analytics_totals.analyzed_contacts, 0) as analyzed_contacts,
        coalesce(analytics_totals.ia_emotion_positive, 0) as ia_emotion_positive,
        coalesce(analytics_totals.ia_emotion_negative, 0) as ia_emotion_negative,
        coalesce(analytics_totals.ia_emotion_rated, 0) as ia_emotion_rated,
        coalesce(analytics_totals.sentiment_sum, 0) as sentiment_sum,
        coalesce(analytics_totals.sentiment_rated, 0) as sentiment_rated,
        coalesce(resolved_cases.cases_resolved, 0) as cases_resolved,
        coalesce(resolved_cases.resolution_hours_sum, 0) as resolution_hours_sum,
        resolved_cases.p50_resolution_hours,
        resolved_cases.p90_resolution_hours,
        coalesce(responded_cases.cases_first_responded, 0) as cases_first_responded,
        coalesce(responded_cases.first_response_hours_sum, 0) as first_response_hours_sum,
        coalesce(journey_totals.journeys, 0) as journeys,
        coalesce(journey_totals.journeys_repeat, 0) as journeys_repeat,
        coalesce(journey_totals.journeys_multi_channel, 0) as journeys_multi_channel

    from keys
    {% for totals in component_ctes -%}
    left join {{ totals }}
        on keys.local_date = {{ totals }}.local_date
        and keys.queue_id is not distinct from {{ totals }}.queue_id
    {% endfor %}

),

final as (

    select
        local_date,
        queue_id,
        fcr_eligible,
        fcr_resolved,
        {{ safe_divide('fcr_resolved', 'fcr_eligible') }} as fcr_rate,
        fcr_unidentified,
        fcr_provisional,
        fcr_provisional = 0 as is_fcr_final,
        survey_responses,
        survey_resolved_yes,
        survey_resolved_rated,
        {{ safe_divide('survey_resolved_yes', 'survey_resolved_rated') }} as fcr_survey_rate,
        csat_top_box,
        csat_rated,
        {{ safe_divide('csat_top_box', 'csat_rated') }} as csat_rate,
        csat_sum,
        {{ safe_divide('csat_sum', 'csat_rated') }} as csat_mean,
        promoters,
        passives,
        detractors,
        nps_rated,
        {{ safe_divide('100 * (promoters - detractors)', 'nps_rated') }} as nps,
        ces_sum,
        ces_rated,
        {{ safe_divide('ces_sum', 'ces_rated') }} as ces_mean,
        emotion_positive,
        emotion_negative,
        emotion_rated,
        {{ safe_divide('emotion_positive - emotion_negative', 'emotion_rated') }} as nev,
        analyzed_contacts,
        ia_emotion_positive,
        ia_emotion_negative,
        ia_emotion_rated,
        {{ safe_divide('ia_emotion_positive - ia_emotion_negative', 'ia_emotion_rated') }} as nev_analytics,
        sentiment_sum,
        sentiment_rated,
        {{ safe_divide('sentiment_sum', 'sentiment_rated') }} as sentiment_mean,
        cases_resolved,
        resolution_hours_sum,
        {{ safe_divide('resolution_hours_sum', 'cases_resolved') }} as avg_resolution_hours,
        p50_resolution_hours,
        p90_resolution_hours,
        cases_first_responded,
        first_response_hours_sum,
        {{ safe_divide('first_response_hours_sum', 'cases_first_responded') }} as avg_first_response_hours,
        journeys,
        journeys_repeat,
        {{ safe_divide('journeys_repeat', 'journeys') }} as journey_repeat_rate,
        journeys_multi_channel,
        {{ safe_divide('journeys_multi_channel', 'journeys') }} as cross_channel_rate

    from components

)

select * from final
