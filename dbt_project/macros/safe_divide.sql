{#- n / d as a double; null where d is 0 or null (kpis.md: a ratio over nothing is null, not 0). -#}
{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif({{ denominator }}, 0)
{%- endmacro %}
