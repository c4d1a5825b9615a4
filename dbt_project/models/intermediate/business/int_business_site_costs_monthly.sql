-- Cost-per-contact components per reporting month and site (kpis.md "Cost per contact"):
-- finance_costs of the site's cost_month (every category), contacts handled by the site's
-- agents (answered segments, by the moment they entered the queue in var reporting_timezone;
-- site = hr_agents.site of the answering agent), and labour cost from schedules (work blocks
-- x the agent's hourly_cost, split at month boundaries). One currency is assumed: amounts are
-- summed as delivered and cost_currency is null when a site-month mixes currencies.
-- Site '__unknown__' collects agents missing from hr_agents or without a site, and costs
-- without a site.
{%- set unknown_site = "'__unknown__'" %}

with

months as (

    select * from {{ ref('int_business_months') }}

),

segments as (

    select * from {{ ref('fct_contact_segments') }}

),

agents as (

    select * from {{ ref('stg_hr__agents') }}

),

costs as (

    select * from {{ ref('stg_finance__costs') }}

),

schedules as (

    select * from {{ ref('stg_wfm__schedules') }}

),

handled_by_agent as (

    -- per answering agent and reporting month of queued_at, before any join: a month is a
    -- calendar month of var reporting_timezone (int_business_months), so the month of an
    -- instant's reporting day is the month whose span holds it. Joining a year of segments to
    -- the month spans and to the agents first cost 2 s at the large size (docs/performance.md).
    select
        cast(date_trunc('month', {{ reporting_date('queued_at') }}) as date) as month_start,
        agent_id,
        count(*) as handled_contacts

    from segments
    where is_answered
    group by
        month_start,
        agent_id

),

handled as (

    select
        months.month_start,
        coalesce(agents.site, {{ unknown_site }}) as site,
        cast(sum(handled_by_agent.handled_contacts) as bigint) as handled_contacts

    from handled_by_agent
    inner join months
        on handled_by_agent.month_start = months.month_start
    left join agents
        on handled_by_agent.agent_id = agents.agent_id
    group by
        months.month_start,
        coalesce(agents.site, {{ unknown_site }})

),

site_costs as (

    select
        months.month_start,
        coalesce(costs.site, {{ unknown_site }}) as site,
        sum(costs.amount) as total_cost,
        case
            when count(distinct costs.currency) = 1 and count(costs.currency) = count(*)
                then min(costs.currency)
        end as cost_currency

    from costs
    inner join months
        on costs.cost_month = months.month_start
    group by
        months.month_start,
        coalesce(costs.site, {{ unknown_site }})

),

work_blocks as (

    select
        coalesce(agents.site, {{ unknown_site }}) as site,
        agents.hourly_cost,
        schedules.starts_at,
        schedules.ends_at

    from schedules
    left join agents
        on schedules.agent_id = agents.agent_id
    where schedules.activity = 'work'
        and schedules.ends_at > schedules.starts_at

),

work_in_months as (

    select
        months.month_start,
        work_blocks.site,
        work_blocks.hourly_cost,
        {{ seconds_between(
            'greatest(work_blocks.starts_at, months.month_start_at)',
            'least(work_blocks.ends_at, months.month_end_at)'
        ) }} as work_seconds

    from work_blocks
    inner join months
        on work_blocks.starts_at < months.month_end_at
        and work_blocks.ends_at > months.month_start_at

),

labour as (

    select
        month_start,
        site,
        sum(work_seconds) as scheduled_work_seconds,
        cast(sum(work_seconds * hourly_cost / 3600) as decimal(18, 4)) as labour_cost_scheduled

    from work_in_months
    group by
        month_start,
        site

),

site_months as (

    select month_start, site from handled
    union
    select month_start, site from site_costs
    union
    select month_start, site from labour

),

final as (

    select
        site_months.month_start,
        site_months.site,
        site_costs.cost_currency,
        site_costs.total_cost,
        coalesce(handled.handled_contacts, 0) as handled_contacts,
        labour.scheduled_work_seconds / 3600 as scheduled_work_hours,
        labour.labour_cost_scheduled

    from site_months
    left join handled
        on site_months.month_start = handled.month_start
        and site_months.site = handled.site
    left join site_costs
        on site_months.month_start = site_costs.month_start
        and site_months.site = site_costs.site
    left join labour
        on site_months.month_start = labour.month_start
        and site_months.site = labour.site

)

select * from final
