{#- The parts kpi_scorecard_daily and kpi_scorecard_monthly share (kpis.md "Balanced scorecard"):
    the summed queue and customer components and the customer ratios, occupancy per var occupancy_includes_acw, the wide-to-long
    unpivot of the actuals and the scoring (target, status, change vs previous period,
    counter-measure). Each model keeps its own sources, period and KPI list. -#}

{#- Occupancy from summed on_contact_seconds, acw_state_seconds and available_seconds;
    var occupancy_includes_acw must be true or false. -#}
{% macro occupancy_ratio() -%}
    {%- set includes_acw_setting = var('occupancy_includes_acw') | string | lower | trim -%}
    {%- if includes_acw_setting not in ['true', 'false'] -%}
        {{ exceptions.raise_compiler_error(
            "var occupancy_includes_acw must be true or false (kpis.md), got '" ~ includes_acw_setting ~ "'") }}
    {%- endif -%}
    {%- if includes_acw_setting == 'true' -%}
        {{ safe_divide('on_contact_seconds + acw_state_seconds', 'on_contact_seconds + acw_state_seconds + available_seconds') }}
    {%- else -%}
        {{ safe_divide('on_contact_seconds', 'on_contact_seconds + available_seconds') }}
    {%- endif -%}
{%- endmacro %}

{#- The additive queue components of queue_ratio_columns(), summed (comma-separated, no
    trailing comma). -#}
{% macro scorecard_queue_component_sums() -%}
    {%- set components = [
        'offered', 'answered', 'abandoned', 'short_abandoned', 'answered_within_sl',
        'abandoned_within_sl', 'answered_within_first_response', 'transferred', 'handled',
        'wait_seconds_answered', 'wait_seconds_abandoned', 'talk_seconds', 'hold_seconds',
        'acw_seconds',
    ] -%}
    {% for component in components -%}
    sum({{ component }}) as {{ component }}{{ ',' if not loop.last }}
    {% endfor -%}
{%- endmacro %}

{#- The customer components of kpi_customer_daily the scorecard needs, summed over every
    queue_id (null included), and the ratios recomputed from those sums. -#}
{% macro scorecard_customer_component_sums() -%}
    {%- set components = [
        'fcr_eligible', 'fcr_resolved', 'fcr_provisional', 'csat_top_box', 'csat_rated',
        'promoters', 'detractors', 'nps_rated',
    ] -%}
    {% for component in components -%}
    sum({{ component }}) as {{ component }}{{ ',' if not loop.last }}
    {% endfor -%}
{%- endmacro %}

{% macro scorecard_customer_ratio_columns() -%}
    fcr_provisional,
    {{ safe_divide('fcr_resolved', 'fcr_eligible') }} as fcr_rate,
    {{ safe_divide('csat_top_box', 'csat_rated') }} as csat_rate,
    {{ safe_divide('100 * (promoters - detractors)', 'nps_rated') }} as nps
{%- endmacro %}

{#- The body of the long actuals CTE: one row per period and KPI of kpis (a dict of KPI name
    to the SQL condition for is_actual_final) from the wide CTE actuals_wide. -#}
{% macro scorecard_actuals_long(kpis, period_column) -%}
    {% for kpi, is_final in kpis.items() -%}
    select
        {{ period_column }},
        '{{ kpi }}' as kpi,
        cast({{ kpi }} as double) as actual,
        {{ is_final }} as is_actual_final

    from actuals_wide
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}
{%- endmacro %}

{#- The CTEs scorecard_kpis, target_candidates, period_targets and scored over the CTEs
    actuals, catalogue and targets. Target: the kpi_targets row with scope 'all' and the latest
    valid_from on or before the period start; with day_of_week_targets the row for the day's
    ISO day of week wins over the every-day row (day_of_week empty), else only every-day rows
    apply. previous_actual is the actual of the period one period_interval earlier. Emits the
    CTEs with a trailing comma. -#}
{% macro scorecard_scored_ctes(period_column, period_interval, day_of_week_targets) -%}
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
        actuals.{{ period_column }},
        actuals.kpi,
        targets.target,
        targets.direction,
        targets.day_of_week,
        targets.valid_from,
        row_number() over (
            partition by actuals.{{ period_column }}, actuals.kpi
            order by targets.day_of_week is null, targets.valid_from desc
        ) as target_rank

    from actuals
    inner join targets
        on actuals.kpi = targets.kpi
        and targets.scope = 'all'
        and targets.valid_from <= actuals.{{ period_column }}
        {%- if day_of_week_targets %}
        and (targets.day_of_week is null or targets.day_of_week = isodow(actuals.{{ period_column }}))
        {%- else %}
        and targets.day_of_week is null
        {%- endif %}

),

period_targets as (

    select * from target_candidates
    where target_rank = 1

),

scored as (

    select
        actuals.{{ period_column }},
        scorecard_kpis.perspective,
        scorecard_kpis.scorecard_order,
        actuals.kpi,
        scorecard_kpis.label_en,
        scorecard_kpis.unit,
        actuals.actual,
        actuals.is_actual_final,
        period_targets.target,
        period_targets.day_of_week as target_day_of_week,
        period_targets.valid_from as target_valid_from,
        coalesce(period_targets.direction, scorecard_kpis.direction) as direction,
        case
            when actuals.actual is null or period_targets.target is null then null
            when period_targets.direction = 'higher_is_better' and actuals.actual >= period_targets.target then 'met'
            when period_targets.direction = 'lower_is_better' and actuals.actual <= period_targets.target then 'met'
            when period_targets.direction in ('higher_is_better', 'lower_is_better') then 'missed'
        end as status,
        previous_period.actual as previous_actual,
        actuals.actual - previous_period.actual as change_vs_previous,
        scorecard_kpis.counter_measure as counter_measure_kpi,
        counter_measure.actual as counter_measure_actual

    from actuals
    inner join scorecard_kpis
        on actuals.kpi = scorecard_kpis.kpi
    left join period_targets
        on actuals.{{ period_column }} = period_targets.{{ period_column }}
        and actuals.kpi = period_targets.kpi
    left join actuals as previous_period
        on actuals.kpi = previous_period.kpi
        and actuals.{{ period_column }} = cast(previous_period.{{ period_column }} + interval {{ period_interval }} as date)
    left join actuals as counter_measure
        on scorecard_kpis.counter_measure = counter_measure.kpi
        and actuals.{{ period_column }} = counter_measure.{{ period_column }}

),
{%- endmacro %}
