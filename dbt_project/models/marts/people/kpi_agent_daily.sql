-- Agent x local day in var reporting_timezone (kpis.md "People measures"). Every agent-day
-- with a handled contact, an agent state, a scheduled activity or a QA evaluation has a row.
--   contacts: answered inbound queue segments (fct_contact_segments) by the reporting-timezone
--     day of answered_at (the agent's day, not the queue's local day);
--   states, schedules and adherence: int_agent_activity_days_summed (the pieces of
--     fct_agent_state_intervals and fct_schedules, summed per agent-day, incrementally);
--   QA: fct_qa_evaluations by the evaluated contact's day (fct_qa_evaluations.local_date);
--   FCR (repeat method) and CSAT: credited to the contact's first answering agent, on the
--     reporting-timezone day the contact was first answered (fct_contacts.first_answered_at),
--     so they land on the same agent-day as the handled contact; a survey without an answered
--     contact falls back to the day of responded_at.
-- Ratios are null where their denominator is 0.
-- fct_contacts, read twice, is `not materialized`: DuckDB would otherwise hold every column of
-- a year of contacts in memory and scan that copy twice; inlined, each read scans only the
-- columns it needs.

with

segments as (

    select * from {{ ref('fct_contact_segments') }}

),

activity_days as (

    select * from {{ ref('int_agent_activity_days_summed') }}

),

evaluations as (

    select * from {{ ref('fct_qa_evaluations') }}

),

agents as (

    select * from {{ ref('dim_agents') }}

),

contacts as not materialized (

    select * from {{ ref('fct_contacts') }}

),

surveys as (

    select * from {{ ref('fct_survey_responses') }}

),

handled_segments as (

    -- segments.local_date is the queue's local day; the agent's day is read in reporting_timezone
    select
        agent_id,
        {{ reporting_date('answered_at') }} as local_date,
        is_transferred,
        talk_seconds,
        hold_seconds,
        acw_seconds

    from segments
    where is_answered
        and agent_id is not null

),

contact_totals as (

    select
        agent_id,
        local_date,
        count(*) as handled,
        count(case when is_transferred then 1 end) as transferred,
        sum(coalesce(talk_seconds, 0)) as talk_seconds,
        sum(coalesce(hold_seconds, 0)) as hold_seconds,
        sum(coalesce(acw_seconds, 0)) as acw_seconds

    from handled_segments
    group by
        agent_id,
        local_date

),

qa_totals as (

    select
        agent_id,
        local_date,
        count(effective_score_pct) as qa_evaluations,
        coalesce({{ exact_sum('effective_score_pct') }}, 0) as qa_score_pct_sum

    from evaluations
    where agent_id is not null
    group by
        agent_id,
        local_date

),

fcr_totals as (

    select
        first_agent_id as agent_id,
        {{ reporting_date('first_answered_at') }} as local_date,
        count(case when is_fcr_eligible then 1 end) as fcr_eligible,
        count(case when is_fcr_eligible and is_first_contact_resolved then 1 end) as fcr_resolved,
        count(case when is_fcr_eligible and not is_fcr_final then 1 end) as fcr_provisional

    from contacts
    where first_agent_id is not null
    -- by position: fct_contacts has its own local_date (the queue's day)
    group by 1, 2

),

csat_totals as (

    select
        surveys.agent_id,
        {{ reporting_date('coalesce(contacts.first_answered_at, surveys.responded_at)') }} as local_date,
        count(surveys.csat) as csat_rated,
        count(case when surveys.is_csat_top_box then 1 end) as csat_top_box,
        coalesce(sum(surveys.csat), 0) as csat_sum

    from surveys
    left join contacts
        on surveys.initial_contact_id = contacts.initial_contact_id
    where surveys.agent_id is not null
        and surveys.survey_type = 'post_contact'
    group by 1, 2

),

agent_days as (

    select agent_id, local_date from contact_totals
    union
    select agent_id, local_date from activity_days
    union
    select agent_id, local_date from qa_totals
    union
    select agent_id, local_date from fcr_totals
    union
    select agent_id, local_date from csat_totals

),

components as (

    select
        agent_days.agent_id,
        agent_days.local_date,
        agents.team_id,
        agents.site,
        coalesce(contact_totals.handled, 0) as handled,
        coalesce(contact_totals.transferred, 0) as transferred,
        cast(coalesce(contact_totals.talk_seconds, 0) as bigint) as talk_seconds,
        cast(coalesce(contact_totals.hold_seconds, 0) as bigint) as hold_seconds,
        cast(coalesce(contact_totals.acw_seconds, 0) as bigint) as acw_seconds,
        coalesce(activity_days.logged_in_seconds, 0) as logged_in_seconds,
        coalesce(activity_days.available_seconds, 0) as available_seconds,
        coalesce(activity_days.on_contact_seconds, 0) as on_contact_seconds,
        coalesce(activity_days.acw_state_seconds, 0) as acw_state_seconds,
        coalesce(activity_days.aux_seconds, 0) as aux_seconds,
        coalesce(activity_days.scheduled_seconds, 0) as scheduled_seconds,
        coalesce(activity_days.scheduled_work_seconds, 0) as scheduled_work_seconds,
        coalesce(activity_days.adherent_seconds, 0) as adherent_seconds,
        coalesce(activity_days.aux_seconds_in_scheduled_work, 0) as aux_seconds_in_scheduled_work,
        coalesce(qa_totals.qa_evaluations, 0) as qa_evaluations,
        coalesce(qa_totals.qa_score_pct_sum, 0) as qa_score_pct_sum,
        coalesce(fcr_totals.fcr_eligible, 0) as fcr_eligible,
        coalesce(fcr_totals.fcr_resolved, 0) as fcr_resolved,
        coalesce(fcr_totals.fcr_provisional, 0) as fcr_provisional,
        coalesce(csat_totals.csat_rated, 0) as csat_rated,
        coalesce(csat_totals.csat_top_box, 0) as csat_top_box,
        coalesce(csat_totals.csat_sum, 0) as csat_sum

    from agent_days
    left join agents
        on agent_days.agent_id = agents.agent_id
    left join contact_totals
        on agent_days.agent_id = contact_totals.agent_id
        and agent_days.local_date = contact_totals.local_date
    left join activity_days
        on agent_days.agent_id = activity_days.agent_id
        and agent_days.local_date = activity_days.local_date
    left join qa_totals
        on agent_days.agent_id = qa_totals.agent_id
        and agent_days.local_date = qa_totals.local_date
    left join fcr_totals
        on agent_days.agent_id = fcr_totals.agent_id
        and agent_days.local_date = fcr_totals.local_date
    left join csat_totals
        on agent_days.agent_id = csat_totals.agent_id
        and agent_days.local_date = csat_totals.local_date

),

final as (

    select
        agent_id,
        local_date,
        team_id,
        site,
        handled,
        transferred,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        {{ safe_divide('talk_seconds + hold_seconds + acw_seconds', 'handled') }} as aht_seconds,
        {{ safe_divide('transferred', 'handled') }} as transfer_rate,
        logged_in_seconds,
        available_seconds,
        on_contact_seconds,
        acw_state_seconds,
        aux_seconds,
        {{ occupancy_ratio() }} as occupancy,
        {{ safe_divide('on_contact_seconds + acw_state_seconds', 'logged_in_seconds') }} as utilization,
        scheduled_seconds,
        scheduled_work_seconds,
        adherent_seconds,
        {{ safe_divide('adherent_seconds', 'scheduled_seconds') }} as adherence_rate,
        aux_seconds_in_scheduled_work,
        qa_evaluations,
        qa_score_pct_sum,
        {{ safe_divide('qa_score_pct_sum', 'qa_evaluations') }} as qa_score,
        fcr_eligible,
        fcr_resolved,
        fcr_provisional,
        {{ safe_divide('fcr_resolved', 'fcr_eligible') }} as fcr_rate,
        csat_rated,
        csat_top_box,
        csat_sum,
        {{ safe_divide('csat_top_box', 'csat_rated') }} as csat_rate,
        {{ safe_divide('csat_sum', 'csat_rated') }} as csat_mean

    from components

)

select * from final
