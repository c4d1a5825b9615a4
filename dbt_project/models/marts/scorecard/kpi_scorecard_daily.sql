-- The balanced scorecard per day (kpis.md "Balanced scorecard"), long format: one row per day
-- and scorecard KPI (kpi_catalogue rows with a perspective) that has a daily value, for every
-- day from the first to the last day of kpi_queue_daily, kpi_customer_daily and
-- kpi_agent_daily.
-- "The day": queue and customer KPIs use each queue's local_date (as every queue mart does),
-- summed over all queues, so a day here is the sum of the queues' own local calendar days,
-- not a reporting-timezone day; occupancy and quality score use the agents' days in var
-- reporting_timezone (kpi_agent_daily). Every actual is recomputed from the components summed
-- over queues (or agents), never an average of their ratios.
-- KPIs that exist only per month (cost per contact, sales total, conversion rate, customer
-- retention rate, attrition rate, unapproved absence rate, employee satisfaction) are omitted
-- here and shown in kpi_scorecard_monthly; a counter-measure among them has a null actual.
-- Target: the kpi_targets row with scope 'all' for the day's ISO day of week, else the
-- every-day row (day_of_week empty), the latest valid_from on or before the day in each case.
{%- set includes_acw_setting = var('occupancy_includes_acw') | string | lower | trim %}
{%- if includes_acw_setting not in ['true', 'false'] %}
    {{ exceptions.raise_compiler_error(
        "var occupancy_includes_acw must be true or false (kpis.md), got '" ~ includes_acw_setting ~ "'") }}
{%- endif %}
{%- set daily_kpis = {
    'abandon_rate': 'true',
    'answer_rate': 'true',
    'asa_seconds': 'true',
    'fcr_rate': 'fcr_provisional = 0',
    'csat_rate': 'true',
    'nps': 'true',
    'service_level': 'true',
    'occupancy': 'true',
    'aht_seconds': 'true',
    'transfer_rate': 'true',
    'qa_score': 'true',
} %}

with

queue_days as (

    select * from {{ ref('kpi_queue_daily') }}

),

customer_days as (

    select * from {{ ref('kpi_customer_daily') }}

),

agent_days as (

    select * from {{ ref('kpi_agent_daily') }}

),

targets as (

    select * from {{ ref('kpi_targets') }}

),

catalogue as (

    select * from {{ ref('kpi_catalogue') }}

),

queue_components as (

    select
        local_date,
        sum(offered) as offered,
        sum(answered) as answered,
        sum(abandoned) as abandoned,
        sum(short_abandoned) as short_abandoned,
        sum(answered_within_sl) as answered_within_sl,
        sum(abandoned_within_sl) as abandoned_within_sl,
        sum(answered_within_first_response) as answered_within_first_response,
        sum(transferred) as transferred,
        sum(handled) as handled,
        sum(wait_seconds_answered) as wait_seconds_answered,
        sum(wait_seconds_abandoned) as wait_seconds_abandoned,
        sum(talk_seconds) as talk_seconds,
        sum(hold_seconds) as hold_seconds,
        sum(acw_seconds) as acw_seconds

    from queue_days
    group by local_date

),

queue_actuals as (

    select
        local_date,
        {{ queue_ratio_columns() }}

    from queue_components

),

customer_components as (

    -- every queue_id of the day, null (measures without a queue) included
    select
        local_date,
        sum(fcr_eligible) as fcr_eligible,
        sum(fcr_resolved) as fcr_resolved,
        sum(fcr_provisional) as fcr_provisional,
        sum(csat_top_box) as csat_top_box,
        sum(csat_rated) as csat_rated,
        sum(promoters) as promoters,
        sum(detractors) as detractors,
        sum(nps_rated) as nps_rated

    from customer_days
    group by local_date

),

customer_actuals as (

    select
        local_date,
        fcr_provisional,
        {{ safe_divide('fcr_resolved', 'fcr_eligible') }} as fcr_rate,
        {{ safe_divide('csat_top_box', 'csat_rated') }} as csat_rate,
        {{ safe_divide('100 * (promoters - detractors)', 'nps_rated') }} as nps

    from customer_components

),

people_components as (

    select
        local_date,
        sum(available_seconds) as available_seconds,
        sum(on_contact_seconds) as on_contact_seconds,
        sum(acw_state_seconds) as acw_state_seconds,
        sum(qa_evaluations) as qa_evaluations,
        sum(qa_score_pct_sum) as qa_score_pct_sum

    from agent_days
    group by local_date

),

people_actuals as (

    select
        local_date,
        {% if includes_acw_setting == 'true' -%}
        {{ safe_divide('on_contact_seconds + acw_state_seconds', 'on_contact_seconds + acw_state_seconds + available_seconds') }} as occupancy,
        {%- else -%}
        {{ safe_divide('on_contact_seconds', 'on_contact_seconds + available_seconds') }} as occupancy,
        {%- endif %}
        {{ safe_divide('qa_score_pct_sum', 'qa_evaluations') }} as qa_score

    from people_components

),

source_days as (

    select local_date from queue_days
    union all
    select local_date from customer_days
    union all
    select local_date from agent_days

),

day_span as (

    select
        min(local_date) as first_date,
        max(local_date) as last_date

    from source_days

),

days as (

    select
        cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as local_date

    from day_span
    where first_date is not null

),

actuals_wide as (

    select
        days.local_date,
        queue_actuals.abandon_rate,
        queue_actuals.answer_rate,
        queue_actuals.asa_seconds,
        queue_actuals.service_level,
        queue_actuals.aht_seconds,
        queue_actuals.transfer_rate,
        customer_actuals.fcr_rate,
        coalesce(customer_actuals.fcr_provisional, 0) as fcr_provisional,
        customer_actuals.csat_rate,
        customer_actuals.nps,
        people_actuals.occupancy,
        people_actuals.qa_score

    from days
    left join queue_actuals
        on days.local_date = queue_actuals.local_date
    left join customer_actuals
        on days.local_date = customer_actuals.local_date
    left join people_actuals
        on days.local_date = people_actuals.local_date

),

actuals as (

    {% for kpi, is_final in daily_kpis.items() -%}
    select
        local_date,
        '{{ kpi }}' as kpi,
        cast({{ kpi }} as double) as actual,
        {{ is_final }} as is_actual_final

    from actuals_wide
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

scorecard_kpis as (

    select
        kpi,
        perspective,
        scorecard_order,
        label_en,
        unit,
        direction,
        counter_measure

    from catalogue
    where perspective <> 'none'

),

target_candidates as (

    select
        actuals.local_date,
        actuals.kpi,
        targets.target,
        targets.direction,
        targets.day_of_week,
        targets.valid_from,
        row_number() over (
            partition by actuals.local_date, actuals.kpi
            order by targets.day_of_week is null, targets.valid_from desc
        ) as target_rank

    from actuals
    inner join targets
        on actuals.kpi = targets.kpi
        and targets.scope = 'all'
        and targets.valid_from <= actuals.local_date
        and (targets.day_of_week is null or targets.day_of_week = isodow(actuals.local_date))

),

day_targets as (

    select * from target_candidates
    where target_rank = 1

),

scored as (

    select
        actuals.local_date,
        cast(isodow(actuals.local_date) as integer) as day_of_week,
        scorecard_kpis.perspective,
        scorecard_kpis.scorecard_order,
        actuals.kpi,
        scorecard_kpis.label_en,
        scorecard_kpis.unit,
        actuals.actual,
        actuals.is_actual_final,
        day_targets.target,
        day_targets.day_of_week as target_day_of_week,
        day_targets.valid_from as target_valid_from,
        coalesce(day_targets.direction, scorecard_kpis.direction) as direction,
        case
            when actuals.actual is null or day_targets.target is null then null
            when day_targets.direction = 'higher_is_better' and actuals.actual >= day_targets.target then 'met'
            when day_targets.direction = 'lower_is_better' and actuals.actual <= day_targets.target then 'met'
            when day_targets.direction in ('higher_is_better', 'lower_is_better') then 'missed'
        end as status,
        previous_day.actual as previous_actual,
        actuals.actual - previous_day.actual as change_vs_previous,
        scorecard_kpis.counter_measure as counter_measure_kpi,
        counter_measure.actual as counter_measure_actual

    from actuals
    inner join scorecard_kpis
        on actuals.kpi = scorecard_kpis.kpi
    left join day_targets
        on actuals.local_date = day_targets.local_date
        and actuals.kpi = day_targets.kpi
    left join actuals as previous_day
        on actuals.kpi = previous_day.kpi
        and actuals.local_date = previous_day.local_date + 1
    left join actuals as counter_measure
        on scorecard_kpis.counter_measure = counter_measure.kpi
        and actuals.local_date = counter_measure.local_date

),

final as (

    select
        local_date,
        day_of_week,
        perspective,
        scorecard_order,
        kpi,
        label_en,
        unit,
        actual,
        is_actual_final,
        target,
        target_day_of_week,
        target_valid_from,
        direction,
        status,
        previous_actual,
        change_vs_previous,
        counter_measure_kpi,
        counter_measure_actual

    from scored

)

select * from final
