{#- Validated readers for the KPI vars that change a formula: a value the spec does not allow
    stops compilation with a message naming the var, instead of building wrong numbers. -#}

{% macro get_interval_minutes() -%}
    {%- set value = var('interval_minutes') | string | trim -%}
    {%- if value not in ['15', '30', '60'] -%}
        {{ exceptions.raise_compiler_error(
            "var interval_minutes must be 15, 30 or 60 (kpis.md), got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}

{% macro sl_formulas() -%}
    {{ return(['offered_excl_short_abandons', 'answered_only', 'abandons_neutral', 'abandons_positive']) }}
{%- endmacro %}

{% macro get_sl_formula() -%}
    {%- set value = var('sl_formula') | string | trim -%}
    {%- if value not in sl_formulas() -%}
        {{ exceptions.raise_compiler_error(
            "var sl_formula must be one of " ~ sl_formulas() | join(', ') ~ " (kpis.md), got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
