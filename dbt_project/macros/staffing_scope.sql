{#- What an incremental build recomputes of int_staffing_logged_in_intervals (docs/decisions.md
    "Late and corrected data"): whole spine days (queue, local day), those
      - within a day of an affected reporting date (int_dates_affected, scope 'reporting': the
        days of every version of the touched agent states; a queue's local day lies within a
        day of the reporting day of the same instant);
      - of a queue some agent joins or leaves (staffing_queues_moved);
      - new on the spine (the first or last contact moved, an unknown queue came): the model
        appends every spine day it does not hold, which is why it holds a row for every spine
        interval, logged in or not. -#}

{#- The local dates within a day of an affected reporting date, as a query. -#}
{% macro staffing_dates_affected() -%}
    select distinct affected_date + shift as local_date
    from {{ ref('int_dates_affected') }}
    cross join (values (-1), (0), (1)) as shifts(shift)
    where date_scope = 'reporting'
{%- endmacro %}

{#- The queues whose staffed agents a run can change, as a query: every primary_queue_id that any
    delivery (old or new) of an hr_agents key the run touches names, for an agent whose
    deliveries disagree on it or that has no delivery before the run (its states did not count
    before: staffing inner-joins hr_agents). A termination or a pay change of an agent who
    stays on its queue moves nothing. -#}
{% macro staffing_queues_moved() -%}
    with

    deliveries as (

        select
            {{ staged_key('hr_agents', 'agent_id', 'agent_id') }} as agent_id,
            nullif(trim(primary_queue_id), '') as queue_id,
            {{ is_new_file('_file', '_partition_date') }} as is_new_delivery
        from ({{ touched_key_deliveries('hr_agents') }}) as raw_rows

    ),

    moved_agents as (

        select agent_id
        from deliveries
        group by agent_id
        having count(distinct coalesce(queue_id, '')) > 1 or bool_and(is_new_delivery)

    )

    select distinct queue_id
    from deliveries
    where queue_id is not null
        and agent_id in (select agent_id from moved_agents)
{%- endmacro %}

{#- Pre-hook: the spine days a run recomputes go, and so does every day no longer on the spine
    (int_queue_local_days as it is). The model then appends every spine day missing. -#}
{% macro delete_staffing_days_to_rebuild() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as built
    where built.local_date in ({{ staffing_dates_affected() }})
        or built.queue_id in ({{ staffing_queues_moved() }})
        or not exists (
            select 1
            from {{ ref('int_queue_local_days') }} as spine
            where spine.queue_id = built.queue_id
                and spine.local_date = built.local_date
        )
    {%- endif -%}
{%- endmacro %}

{#- Filter on the logged-in states (SQL of their start, end and queue) of an incremental build:
    those that can touch a spine day it recomputes. Queried when the model runs, before
    the pre-hook, and written as literals so that DuckDB skips the other row groups of a year of
    staged states by zone map: the instants from the first start to the last end of the days
    recomputed by date or new on the spine, and the queues moved. -#}
{% macro staffing_states_to_rebuild(started, ended, queue) -%}
    {%- if not execute -%}{{ return('true') }}{%- endif -%}
    {%- set span_query -%}
    select cast(min(spine.day_start_at) as varchar), cast(max(spine.day_end_at) as varchar)
    from {{ ref('int_queue_local_days') }} as spine
    where spine.local_date in ({{ staffing_dates_affected() }})
        or {{ missing_queue_days('spine') }}
    {%- endset -%}
    {%- set span = run_query(span_query).rows[0] -%}
    {%- set queues = run_query(staffing_queues_moved() ~ ' order by 1').columns[0].values() -%}
    {%- set conditions = [] -%}
    {%- if span[0] is not none -%}
    {%- do conditions.append(
        '(' ~ ended ~ ' > cast(' ~ sql_text(span[0]) ~ ' as timestamptz)'
        ~ ' and ' ~ started ~ ' < cast(' ~ sql_text(span[1]) ~ ' as timestamptz))'
    ) -%}
    {%- endif -%}
    {%- if queues | length > 0 -%}
    {%- set quoted = [] -%}
    {%- for moved in queues %}{% do quoted.append(sql_text(moved)) %}{% endfor -%}
    {%- do conditions.append(queue ~ ' in (' ~ quoted | join(', ') ~ ')') -%}
    {%- endif -%}
    {{ return('(' ~ (conditions | join(' or ') if conditions else 'false') ~ ')') }}
{%- endmacro %}

{#- kpi_staffing_interval's inputs per queue and interval of kpi_queue_interval, with the
    logged-in seconds of int_staffing_logged_in_intervals: the columns of
    staffing_interval_inputs(), which the mart keeps as they are. -#}
{% macro staffing_interval_loads() -%}
    select
        queue_intervals.queue_id,
        queue_intervals.channel,
        queue_intervals.local_date,
        queue_intervals.interval_start_local,
        queue_intervals.interval_start_at,
        queue_intervals.interval_end_at,
        queue_intervals.queue_timezone,
        {{ seconds_between('queue_intervals.interval_start_at', 'queue_intervals.interval_end_at') }}
            as interval_seconds,
        queue_intervals.sl_threshold_seconds,
        queue_intervals.sl_target_pct,
        queue_intervals.offered,
        queue_intervals.handled,
        queue_intervals.talk_seconds + queue_intervals.hold_seconds + queue_intervals.acw_seconds
            as handle_seconds,
        queue_intervals.aht_seconds,
        coalesce(logged_in.logged_in_seconds, 0) as logged_in_seconds

    from {{ ref('kpi_queue_interval') }} as queue_intervals
    left join {{ ref('int_staffing_logged_in_intervals') }} as logged_in
        on queue_intervals.queue_id = logged_in.queue_id
        and queue_intervals.interval_start_at = logged_in.interval_start_at
{%- endmacro %}

{% macro staffing_interval_inputs() -%}
    queue_id, channel, local_date, interval_start_local, interval_start_at, interval_end_at,
    queue_timezone, interval_seconds, sl_threshold_seconds, sl_target_pct, offered, handled,
    handle_seconds, aht_seconds, logged_in_seconds
{%- endmacro %}

{#- Pre-hook of kpi_staffing_interval: every row of the UTC interval starts where a queue's
    inputs differ from the row held (new, changed or gone; set difference, so nulls compare
    equal) goes. -#}
{% macro forget_staffing_starts_changed() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where interval_start_at in (
        with
        loads as materialized (
            select {{ staffing_interval_inputs() }} from ({{ staffing_interval_loads() }}) as loads
        ),
        held as materialized (
            select {{ staffing_interval_inputs() }} from {{ this }} where queue_id != '__all__'
        )
        select interval_start_at from (
            (select * from loads except select * from held)
            union all
            (select * from held except select * from loads)
        ) as changed
    )
    {%- endif -%}
{%- endmacro %}
