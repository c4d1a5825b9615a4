-- One row per agent of hr_agents (latest version wins; no HR history is kept, so team and site
-- are the current ones). An agent is employed on day d when hired_at <= d < terminated_at:
-- terminated_at is the first day no longer employed. tenure_days counts days from hired_at to
-- terminated_at, or to tenure_as_of_date while still employed on it. tenure_as_of_date is the
-- latest data date: the last day, in var reporting_timezone, on which an agent state started
-- or a contact entered a queue; without any ACD data, the day of the latest hr_agents update.

with

agents as (

    select * from {{ ref('stg_hr__agents') }}

),

agent_states as (

    select * from {{ ref('stg_acd__agent_states') }}

),

contact_segments as (

    select * from {{ ref('stg_acd__contact_segments') }}

),

activity_instants as (

    select started_at as activity_at from agent_states
    union all
    select queued_at as activity_at from contact_segments

),

as_of as (

    select
        coalesce(
            {{ reporting_date('(select max(activity_at) from activity_instants)') }},
            {{ reporting_date('(select max(updated_at) from agents)') }}
        ) as tenure_as_of_date

),

tenured as (

    select
        agents.*,
        as_of.tenure_as_of_date,
        least(coalesce(agents.terminated_at, as_of.tenure_as_of_date), as_of.tenure_as_of_date) as tenure_end_date

    from agents
    cross join as_of

),

final as (

    select
        agent_id,
        full_name_hash,
        team_id,
        site,
        primary_queue_id,
        hired_at,
        terminated_at,
        termination_type,
        hourly_cost,
        tenure_as_of_date,
        greatest(date_diff('day', hired_at, tenure_end_date), 0) as tenure_days,
        coalesce(
            hired_at <= tenure_as_of_date
            and (terminated_at is null or terminated_at > tenure_as_of_date),
            false
        ) as is_active

    from tenured

)

select * from final
