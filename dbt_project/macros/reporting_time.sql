{#- Instants read in var reporting_timezone. When it is UTC (the default), the day and the wall
    clock time come from the instant's epoch: DuckDB's ICU conversion (timezone(), or a cast in
    the session's TimeZone) cost about 1.5 s per 10 M instants, the arithmetic 0.1 s. Any other
    zone goes through timezone(). -#}

{#- The reporting_timezone date of the UTC instant `instant` (SQL). -#}
{% macro reporting_date(instant) -%}
    {%- if reporting_timezone_is_utc() -%}
    {{ utc_date(instant) }}
    {%- else -%}
    cast(timezone({{ dbt.string_literal(var('reporting_timezone')) }}, {{ instant }}) as date)
    {%- endif -%}
{%- endmacro %}

{#- The reporting_timezone wall clock time (timestamp without zone) of the UTC instant. -#}
{% macro reporting_local(instant) -%}
    {%- if reporting_timezone_is_utc() -%}
    {{ utc_wall_clock(instant) }}
    {%- else -%}
    timezone({{ dbt.string_literal(var('reporting_timezone')) }}, {{ instant }})
    {%- endif -%}
{%- endmacro %}

{#- The UTC instant of the reporting_timezone wall clock time (timestamp without zone) `wall_clock`. -#}
{% macro reporting_instant(wall_clock) -%}
    {%- if reporting_timezone_is_utc() -%}
    {{ utc_instant(wall_clock) }}
    {%- else -%}
    timezone({{ dbt.string_literal(var('reporting_timezone')) }}, {{ wall_clock }})
    {%- endif -%}
{%- endmacro %}

{% macro reporting_timezone_is_utc() -%}
    {{ return(var('reporting_timezone') | string | trim | upper in ['UTC', 'ETC/UTC']) }}
{%- endmacro %}

{#- The UTC date of an instant. -#}
{% macro utc_date(instant) -%}
    {{ return(adapter.dispatch('utc_date', 'callscope')(instant)) }}
{%- endmacro %}

{% macro default__utc_date(instant) -%}
    cast(timezone('UTC', {{ instant }}) as date)
{%- endmacro %}

{% macro duckdb__utc_date(instant) -%}
    (date '1970-01-01' + cast(floor(epoch_us({{ instant }}) / 86400000000) as integer))
{%- endmacro %}

{#- The UTC wall clock time of an instant. -#}
{% macro utc_wall_clock(instant) -%}
    {{ return(adapter.dispatch('utc_wall_clock', 'callscope')(instant)) }}
{%- endmacro %}

{% macro default__utc_wall_clock(instant) -%}
    timezone('UTC', {{ instant }})
{%- endmacro %}

{% macro duckdb__utc_wall_clock(instant) -%}
    make_timestamp(epoch_us({{ instant }}))
{%- endmacro %}

{#- The instant of a UTC wall clock time. -#}
{% macro utc_instant(wall_clock) -%}
    {{ return(adapter.dispatch('utc_instant', 'callscope')(wall_clock)) }}
{%- endmacro %}

{% macro default__utc_instant(wall_clock) -%}
    timezone('UTC', {{ wall_clock }})
{%- endmacro %}

{% macro duckdb__utc_instant(wall_clock) -%}
    make_timestamptz(epoch_us({{ wall_clock }}))
{%- endmacro %}
