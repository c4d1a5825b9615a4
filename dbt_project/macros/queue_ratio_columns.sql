{#- The queue KPI ratios of kpis.md "Queue measures", computed from the additive components
    (offered, answered, abandoned, short_abandoned, answered_within_sl, abandoned_within_sl,
    answered_within_first_response, transferred, handled, wait_seconds_answered,
    wait_seconds_abandoned, talk_seconds, hold_seconds, acw_seconds) of the same row.
    Every queue mart (interval, daily, monthly, channel) emits its ratios through this macro, so
    each formula is written once and a coarser grain re-aggregates components, never ratios.
    Emits a comma-separated column list without a trailing comma; null where a denominator is 0. -#}

{% macro service_level_formula(formula) -%}
    {%- if formula == 'offered_excl_short_abandons' -%}
        {{ safe_divide('answered_within_sl', 'offered - short_abandoned') }}
    {%- elif formula == 'answered_only' -%}
        {{ safe_divide('answered_within_sl', 'answered') }}
    {%- elif formula == 'abandons_neutral' -%}
        {{ safe_divide('answered_within_sl', 'offered - abandoned_within_sl') }}
    {%- elif formula == 'abandons_positive' -%}
        {{ safe_divide('answered_within_sl + abandoned_within_sl', 'offered') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("unknown service level formula '" ~ formula ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{% macro queue_ratio_columns() -%}
    {{ service_level_formula(get_sl_formula()) }} as service_level,
    {% for formula in sl_formulas() -%}
    {{ service_level_formula(formula) }} as sl_{{ formula }},
    {% endfor -%}
    {{ safe_divide('answered_within_first_response', 'offered - short_abandoned') }} as first_response_rate,
    {{ safe_divide('answered', 'offered') }} as answer_rate,
    {{ safe_divide('abandoned - short_abandoned', 'offered - short_abandoned') }} as abandon_rate,
    {{ safe_divide('wait_seconds_answered', 'answered') }} as asa_seconds,
    {{ safe_divide('wait_seconds_answered + wait_seconds_abandoned', 'answered + abandoned') }} as avg_wait_seconds,
    {{ safe_divide('wait_seconds_abandoned', 'abandoned') }} as avg_time_to_abandon_seconds,
    {{ safe_divide('talk_seconds + hold_seconds + acw_seconds', 'handled') }} as aht_seconds,
    {{ safe_divide('talk_seconds', 'handled') }} as avg_talk_seconds,
    {{ safe_divide('hold_seconds', 'handled') }} as avg_hold_seconds,
    {{ safe_divide('acw_seconds', 'handled') }} as avg_acw_seconds,
    {{ safe_divide('transferred', 'answered') }} as transfer_rate
{%- endmacro %}

{#- The additive components of the queue marts, in their published column order. -#}
{% macro queue_components() -%}
    {{ return([
        'offered',
        'answered',
        'abandoned',
        'short_abandoned',
        'timed_out',
        'answered_within_sl',
        'abandoned_within_sl',
        'answered_within_first_response',
        'transferred',
        'handled',
        'wait_seconds_answered',
        'wait_seconds_abandoned',
        'talk_seconds',
        'hold_seconds',
        'acw_seconds',
    ]) }}
{%- endmacro %}

{#- The components as plain columns, comma-separated, for a final select. -#}
{% macro queue_component_columns() -%}
    {{ queue_components() | join(',\n        ') }}
{%- endmacro %}

{#- The components summed over a group (a day's intervals, a month's or a channel's days):
    counts and second totals as BIGINT (SUM gives HUGEINT), the wait sums in their own type. -#}
{% macro queue_component_sums() -%}
    {%- for column in queue_components() %}
    {%- if column.startswith('wait_seconds') %}
        sum({{ column }}) as {{ column }}
    {%- else %}
        cast(sum({{ column }}) as bigint) as {{ column }}
    {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
