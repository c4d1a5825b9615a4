-- Workforce KPIs per calendar month of var reporting_timezone (kpis.md "People measures"), at
-- three aggregation levels: aggregation_level 'team' (one row per team_id and site), 'site'
-- (team_id null) and 'all' (team_id and site null). Every level sums the same additive
-- components, and each ratio is recomputed from the sums.
-- Months: every month from the first to the last with people activity (an agent-day of
-- kpi_agent_daily, an absence or an employee survey response).
-- Agents are attributed to their current team and site (dim_agents); agents unknown to HR have
-- null team and site. An employee survey keeps its own team_id (else the agent's); its site is
-- the site where most of that team's agents are (ties: the first by name; else the agent's).
--   headcount: agents employed on the first / the last day of the month (employed on d:
--     hired_at <= d < terminated_at), so a mid-month hire counts in the end headcount only;
--   terminations / hires: terminated_at / hired_at in the month;
--   scheduled, aux-in-scheduled-work and QA: summed from kpi_agent_daily; absences by
--     absence_date; employee surveys by the reporting-timezone day of responded_at.
with

agent_days as (

    select * from {{ ref('kpi_agent_daily') }}

),

agents as (

    select * from {{ ref('dim_agents') }}

),

absences as (

    select * from {{ ref('fct_absences') }}

),

employee_surveys as (

    select * from {{ ref('stg_hr__employee_surveys') }}

),

survey_days as (

    select
        *,
        {{ reporting_date('responded_at') }} as local_date

    from employee_surveys

),

activity_months as (

    select date_trunc('month', local_date) as month_start from agent_days
    union
    select date_trunc('month', absence_date) as month_start from absences
    union
    select date_trunc('month', local_date) as month_start from survey_days

),

month_span as (

    select
        min(month_start) as first_month_start,
        max(month_start) as last_month_start

    from activity_months

),

months as (

    select
        cast(unnest(generate_series(first_month_start, last_month_start, interval 1 month)) as date)
            as month_start

    from month_span
    where first_month_start is not null

),

team_sites as (

    select
        team_id,
        mode(site order by site) as site

    from agents
    where team_id is not null
    group by team_id

),

headcount_rows as (

    select
        months.month_start,
        agents.team_id,
        agents.site,
        coalesce(
            agents.hired_at <= months.month_start
            and (agents.terminated_at is null or agents.terminated_at > months.month_start),
            false
        ) as is_employed_at_start,
        coalesce(
            agents.hired_at <= last_day(months.month_start)
            and (agents.terminated_at is null or agents.terminated_at > last_day(months.month_start)),
            false
        ) as is_employed_at_end,
        coalesce(date_trunc('month', agents.hired_at) = months.month_start, false) as is_hired_in_month,
        coalesce(date_trunc('month', agents.terminated_at) = months.month_start, false) as is_terminated_in_month,
        agents.termination_type

    from months
    cross join agents

),

headcount_components as (

    select
        month_start,
        team_id,
        site,
        count(case when is_employed_at_start then 1 end) as headcount_start,
        count(case when is_employed_at_end then 1 end) as headcount_end,
        count(case when is_hired_in_month then 1 end) as hires,
        count(case when is_terminated_in_month then 1 end) as terminations,
        count(case when is_terminated_in_month and termination_type = 'voluntary' then 1 end)
            as terminations_voluntary,
        count(case when is_terminated_in_month and termination_type = 'involuntary' then 1 end)
            as terminations_involuntary

    from headcount_rows
    group by
        month_start,
        team_id,
        site

),

agent_day_components as (

    select
        date_trunc('month', agent_days.local_date) as month_start,
        agents.team_id,
        agents.site,
        sum(agent_days.scheduled_seconds) as scheduled_seconds,
        sum(agent_days.aux_seconds_in_scheduled_work) as aux_seconds_in_scheduled_work,
        sum(agent_days.qa_evaluations) as qa_evaluations,
        sum(agent_days.qa_score_pct_sum) as qa_score_pct_sum

    from agent_days
    left join agents
        on agent_days.agent_id = agents.agent_id
    group by
        date_trunc('month', agent_days.local_date),
        agents.team_id,
        agents.site

),

absence_components as (

    select
        date_trunc('month', absences.absence_date) as month_start,
        agents.team_id,
        agents.site,
        sum(coalesce(absences.hours, 0) * 3600) as absence_seconds,
        sum(case when absences.is_unapproved then coalesce(absences.hours, 0) * 3600 else 0 end)
            as unapproved_absence_seconds

    from absences
    left join agents
        on absences.agent_id = agents.agent_id
    group by
        date_trunc('month', absences.absence_date),
        agents.team_id,
        agents.site

),

survey_components as (

    select
        date_trunc('month', survey_days.local_date) as month_start,
        coalesce(survey_days.team_id, agents.team_id) as team_id,
        coalesce(team_sites.site, agents.site) as site,
        coalesce(sum(survey_days.esat), 0) as esat_sum,
        count(survey_days.esat) as esat_rated,
        count(case when survey_days.enps >= 9 then 1 end) as enps_promoters,
        count(case when survey_days.enps between 7 and 8 then 1 end) as enps_passives,
        count(case when survey_days.enps <= 6 then 1 end) as enps_detractors,
        count(survey_days.enps) as enps_rated

    from survey_days
    left join agents
        on survey_days.agent_id = agents.agent_id
    left join team_sites
        on coalesce(survey_days.team_id, agents.team_id) = team_sites.team_id
    group by
        date_trunc('month', survey_days.local_date),
        coalesce(survey_days.team_id, agents.team_id),
        coalesce(team_sites.site, agents.site)

),

component_rows as (

    -- each source has only its own components; a component absent from a source is null there
    select * from headcount_components
    union all by name
    select * from agent_day_components
    union all by name
    select * from absence_components
    union all by name
    select * from survey_components

),

aggregated as (

    select
        cast(component_rows.month_start as date) as month_start,
        case
            when grouping(component_rows.team_id) = 0 then 'team'
            when grouping(component_rows.site) = 0 then 'site'
            else 'all'
        end as aggregation_level,
        component_rows.team_id,
        component_rows.site,
        cast(coalesce(sum(component_rows.headcount_start), 0) as bigint) as headcount_start,
        cast(coalesce(sum(component_rows.headcount_end), 0) as bigint) as headcount_end,
        cast(coalesce(sum(component_rows.hires), 0) as bigint) as hires,
        cast(coalesce(sum(component_rows.terminations), 0) as bigint) as terminations,
        cast(coalesce(sum(component_rows.terminations_voluntary), 0) as bigint) as terminations_voluntary,
        cast(coalesce(sum(component_rows.terminations_involuntary), 0) as bigint) as terminations_involuntary,
        cast(coalesce(sum(component_rows.scheduled_seconds), 0) as double) as scheduled_seconds,
        cast(coalesce(sum(component_rows.aux_seconds_in_scheduled_work), 0) as double) as aux_seconds_in_scheduled_work,
        cast(coalesce(sum(component_rows.absence_seconds), 0) as double) as absence_seconds,
        cast(coalesce(sum(component_rows.unapproved_absence_seconds), 0) as double) as unapproved_absence_seconds,
        cast(coalesce(sum(component_rows.qa_evaluations), 0) as bigint) as qa_evaluations,
        cast(coalesce(sum(component_rows.qa_score_pct_sum), 0) as double) as qa_score_pct_sum,
        cast(coalesce(sum(component_rows.esat_sum), 0) as bigint) as esat_sum,
        cast(coalesce(sum(component_rows.esat_rated), 0) as bigint) as esat_rated,
        cast(coalesce(sum(component_rows.enps_promoters), 0) as bigint) as enps_promoters,
        cast(coalesce(sum(component_rows.enps_passives), 0) as bigint) as enps_passives,
        cast(coalesce(sum(component_rows.enps_detractors), 0) as bigint) as enps_detractors,
        cast(coalesce(sum(component_rows.enps_rated), 0) as bigint) as enps_rated

    from component_rows
    inner join months
        on component_rows.month_start = months.month_start
    group by grouping sets (
        (component_rows.month_start, component_rows.team_id, component_rows.site),
        (component_rows.month_start, component_rows.site),
        (component_rows.month_start)
    )

),

final as (

    select
        month_start,
        aggregation_level,
        team_id,
        site,
        headcount_start,
        headcount_end,
        (headcount_start + headcount_end) / 2.0 as avg_headcount,
        hires,
        terminations,
        terminations_voluntary,
        terminations_involuntary,
        {{ safe_divide('terminations', '(headcount_start + headcount_end) / 2.0') }} as attrition_rate,
        {{ safe_divide('terminations * 12', '(headcount_start + headcount_end) / 2.0') }} as attrition_rate_annualised,
        scheduled_seconds / 3600 as scheduled_hours,
        absence_seconds / 3600 as absence_hours,
        unapproved_absence_seconds / 3600 as unapproved_absence_hours,
        {{ safe_divide('unapproved_absence_seconds', 'scheduled_seconds') }} as unapproved_absence_rate,
        aux_seconds_in_scheduled_work / 3600 as aux_hours_in_scheduled_work,
        {{ safe_divide('aux_seconds_in_scheduled_work + absence_seconds', 'scheduled_seconds') }} as shrinkage_rate,
        esat_sum,
        esat_rated,
        {{ safe_divide('esat_sum', 'esat_rated') }} as esat_mean,
        enps_promoters,
        enps_passives,
        enps_detractors,
        enps_rated,
        {{ safe_divide('100 * (enps_promoters - enps_detractors)', 'enps_rated') }} as enps,
        qa_evaluations,
        qa_score_pct_sum,
        {{ safe_divide('qa_score_pct_sum', 'qa_evaluations') }} as qa_score

    from aggregated

)

select * from final
