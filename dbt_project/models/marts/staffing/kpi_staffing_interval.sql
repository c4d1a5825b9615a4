-- Erlang C staffing per queue and local interval (kpis.md "Staffing (Erlang C)"), plus one row
-- per UTC interval start over all queues (queue_id '__all__').
-- Per queue: traffic A = offered x AHT / interval seconds, from the interval's own offered and
-- AHT (kpi_queue_interval). required_agents = the smallest N > A whose Erlang C service level
-- at the queue's sl_threshold_seconds reaches sl_target_pct, found by walking the Erlang B
-- recursion B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)) from n = 0 (a recursive CTE per queue
-- and interval, erlang_* macros), until the target is met and floor(staffed_agents) is reached,
-- bounded by erlang_search_limit. No traffic (offered 0, or no handled segment to give an
-- AHT), or a target outside (0, 100): no required agents and no prediction.
-- Predictions: at required_agents, and at floor(staffed_agents) when that exceeds A.
-- Incremental: a row is a function of its interval's inputs (staffing_interval_loads(), kept
-- in the row as they are), and the '__all__' row of those of the queues at the same UTC start.
-- A run with var incremental deletes every row of the starts whose inputs differ from the rows
-- held (macros/staffing_scope.sql) and computes the starts the table does not hold.
{{ config(**append_incremental(
    "{{ forget_staffing_starts_changed() }}"
)) }}
{%- set reporting_timezone = dbt.string_literal(var('reporting_timezone')) %}

with

interval_loads as (

    select * from ({{ staffing_interval_loads() }}) as loads
    {%- if is_incremental() %}
    where not exists (
        select 1 from {{ this }} as held
        where held.interval_start_at = loads.interval_start_at
    )
    {%- endif %}

),

traffic as (

    select
        *,
        offered * aht_seconds / interval_seconds as traffic_erlangs,
        logged_in_seconds / interval_seconds as staffed_agents,
        cast(sl_target_pct as double) / 100 as target_rate

    from interval_loads

),

erlang_steps as (

    with recursive steps as (

        select
            queue_id,
            interval_start_at,
            traffic_erlangs,
            aht_seconds,
            sl_threshold_seconds,
            target_rate,
            cast(floor(staffed_agents) as bigint) as staffed_whole_agents,
            {{ erlang_search_limit('traffic_erlangs') }} as search_limit,
            cast(0 as bigint) as agents,
            cast(1 as double) as erlang_b

        from traffic
        where traffic_erlangs > 0
            and target_rate > 0
            and target_rate < 1

        union all

        select
            queue_id,
            interval_start_at,
            traffic_erlangs,
            aht_seconds,
            sl_threshold_seconds,
            target_rate,
            staffed_whole_agents,
            search_limit,
            agents + 1,
            {{ erlang_b_step('(agents + 1)', 'traffic_erlangs', 'erlang_b') }}

        from steps
        -- go on while the target is not met yet (N <= A has no service level) within the
        -- search limit, or the staffed whole agents are not reached yet
        where (
            agents < search_limit
            and coalesce(
                case
                    when agents > traffic_erlangs then {{ erlang_c_service_level(
                        'agents',
                        'traffic_erlangs',
                        erlang_c_wait_probability('agents', 'traffic_erlangs', 'erlang_b'),
                        'aht_seconds',
                        'sl_threshold_seconds'
                    ) }} < target_rate
                end,
                true
            )
        )
        or agents < staffed_whole_agents

    )

    select * from steps

),

erlang_waits as (

    select
        *,
        {{ erlang_c_wait_probability('agents', 'traffic_erlangs', 'erlang_b') }} as wait_probability

    from erlang_steps
    where agents > traffic_erlangs

),

erlang_points as (

    select
        queue_id,
        interval_start_at,
        agents,
        staffed_whole_agents,
        target_rate,
        wait_probability,
        {{ erlang_c_service_level(
            'agents', 'traffic_erlangs', 'wait_probability', 'aht_seconds', 'sl_threshold_seconds'
        ) }} as service_level,
        {{ erlang_c_asa_seconds('agents', 'traffic_erlangs', 'wait_probability', 'aht_seconds') }}
            as asa_seconds,
        traffic_erlangs / agents as occupancy

    from erlang_waits

),

required as (

    select
        queue_id,
        interval_start_at,
        min(agents) as required_agents

    from erlang_points
    where service_level >= target_rate
    group by
        queue_id,
        interval_start_at

),

queue_rows as (

    select
        traffic.queue_id,
        traffic.channel,
        traffic.local_date,
        traffic.interval_start_local,
        traffic.interval_start_at,
        traffic.interval_end_at,
        traffic.queue_timezone,
        traffic.interval_seconds,
        traffic.sl_threshold_seconds,
        traffic.sl_target_pct,
        traffic.offered,
        traffic.handled,
        traffic.handle_seconds,
        traffic.aht_seconds,
        traffic.traffic_erlangs,
        required.required_agents,
        traffic.logged_in_seconds,
        traffic.staffed_agents,
        at_required.wait_probability as predicted_wait_probability,
        at_required.service_level as predicted_service_level,
        at_required.asa_seconds as predicted_asa_seconds,
        at_required.occupancy as predicted_occupancy,
        at_staffed.agents as staffed_whole_agents,
        at_staffed.wait_probability as predicted_wait_probability_at_staffed,
        at_staffed.service_level as predicted_service_level_at_staffed,
        at_staffed.asa_seconds as predicted_asa_seconds_at_staffed,
        at_staffed.occupancy as predicted_occupancy_at_staffed

    from traffic
    left join required
        on traffic.queue_id = required.queue_id
        and traffic.interval_start_at = required.interval_start_at
    left join erlang_points as at_required
        on required.queue_id = at_required.queue_id
        and required.interval_start_at = at_required.interval_start_at
        and required.required_agents = at_required.agents
    left join erlang_points as at_staffed
        on traffic.queue_id = at_staffed.queue_id
        and traffic.interval_start_at = at_staffed.interval_start_at
        and at_staffed.agents = at_staffed.staffed_whole_agents

),

-- Queues are separate agent groups (each agent is staffed for one primary queue), so over all
-- queues agents and traffic add up and predictions are offered-weighted means.
all_queue_rows as (

    select
        '__all__' as queue_id,
        cast(null as varchar) as channel,
        {{ reporting_date('interval_start_at') }} as local_date,
        {{ reporting_local('interval_start_at') }} as interval_start_local,
        interval_start_at,
        max(interval_end_at) as interval_end_at,
        {{ reporting_timezone }} as queue_timezone,
        max(interval_seconds) as interval_seconds,
        cast(null as integer) as sl_threshold_seconds,
        cast(null as decimal(18, 4)) as sl_target_pct,
        cast(sum(offered) as bigint) as offered,
        cast(sum(handled) as bigint) as handled,
        cast(sum(handle_seconds) as bigint) as handle_seconds,
        {{ safe_divide('sum(handle_seconds)', 'sum(handled)') }} as aht_seconds,
        {{ exact_sum('traffic_erlangs') }} as traffic_erlangs,
        cast(sum(required_agents) as bigint) as required_agents,
        {{ exact_sum('logged_in_seconds') }} as logged_in_seconds,
        {{ exact_sum('staffed_agents') }} as staffed_agents,
        {{ erlang_offered_weighted_mean('predicted_wait_probability') }} as predicted_wait_probability,
        {{ erlang_offered_weighted_mean('predicted_service_level') }} as predicted_service_level,
        {{ erlang_offered_weighted_mean('predicted_asa_seconds') }} as predicted_asa_seconds,
        case
            when count(case when traffic_erlangs > 0 and required_agents is null then 1 end) = 0
                then {{ exact_sum('case when traffic_erlangs > 0 then traffic_erlangs end') }}
                    / sum(case when traffic_erlangs > 0 then required_agents end)
        end as predicted_occupancy,
        sum(case when traffic_erlangs > 0 then staffed_whole_agents end) as staffed_whole_agents_total,
        {{ erlang_offered_weighted_mean('predicted_wait_probability_at_staffed') }}
            as predicted_wait_probability_at_staffed,
        {{ erlang_offered_weighted_mean('predicted_service_level_at_staffed') }}
            as predicted_service_level_at_staffed,
        {{ erlang_offered_weighted_mean('predicted_asa_seconds_at_staffed') }}
            as predicted_asa_seconds_at_staffed,
        case
            when count(case when traffic_erlangs > 0 and staffed_whole_agents is null then 1 end) = 0
                then {{ exact_sum('case when traffic_erlangs > 0 then traffic_erlangs end') }}
                    / sum(case when traffic_erlangs > 0 then staffed_whole_agents end)
        end as predicted_occupancy_at_staffed

    from queue_rows
    group by interval_start_at

),

combined as (

    select * from queue_rows
    union all
    select * from all_queue_rows

),

final as (

    select
        queue_id,
        channel,
        local_date,
        interval_start_local,
        interval_start_at,
        interval_end_at,
        queue_timezone,
        interval_seconds,
        sl_threshold_seconds,
        sl_target_pct,
        offered,
        handled,
        handle_seconds,
        aht_seconds,
        traffic_erlangs,
        required_agents,
        logged_in_seconds,
        staffed_agents,
        staffed_agents - required_agents as staffing_gap,
        round(predicted_wait_probability, 4) as predicted_wait_probability,
        round(predicted_service_level, 4) as predicted_service_level,
        round(predicted_asa_seconds, 2) as predicted_asa_seconds,
        predicted_occupancy,
        round(predicted_wait_probability_at_staffed, 4) as predicted_wait_probability_at_staffed,
        round(predicted_service_level_at_staffed, 4) as predicted_service_level_at_staffed,
        round(predicted_asa_seconds_at_staffed, 2) as predicted_asa_seconds_at_staffed,
        predicted_occupancy_at_staffed

    from combined

)

select * from final
