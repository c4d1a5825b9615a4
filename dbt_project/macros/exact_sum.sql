{#- The sum of a DOUBLE expression, reproducible: each term is rounded to 12 decimals (far below
    what a double holds for the magnitudes summed here: seconds, agents, erlangs, percentages)
    and added as a DECIMAL, which is exact, then returned as a DOUBLE. Floating-point addition is
    not associative, and a parallel hash aggregate adds in whatever order its threads see the
    rows, so a plain sum of fractions differs in its last bits from one run to the next on the
    same data: the mart would not be reproducible, and the incremental publish would rewrite
    every month of it each night (docs/performance.md). An ordered aggregate (sum ... order by)
    is exact too but ran DuckDB out of memory at the large size. Sums of integers and decimals
    are exact already and need no macro. -#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 12))) as double)
{%- endmacro %}
