{#- The rows of `relation` (a CTE declared `not materialized`) ranked within each key of
    `key_columns` by `order_by` (an order-by list, first = best), without a window over every
    row: most keys are delivered once and pass straight through; only the keys that occur more
    than once (found by an aggregation, which spills to disk) are ranked by a window. A window
    over every row held a year of raw rows in memory at the large benchmark size.
    keep='winners': each key's best row only; keep='all': every row, with is_winner. -#}
{% macro ranked_by_key(relation, key_columns, order_by, keep='winners') -%}
    {%- if keep not in ('winners', 'all') -%}
    {{ exceptions.raise_compiler_error("ranked_by_key: keep is 'winners' or 'all', not " ~ keep) }}
    {%- endif -%}
    {%- set same_key -%}
        {%- for column in key_columns -%}
        contested.{{ column }} is not distinct from {{ relation }}.{{ column }}{% if not loop.last %} and {% endif %}
        {%- endfor -%}
    {%- endset -%}
    {%- set rank -%}
        row_number() over (partition by {{ key_columns | join(', ') }} order by {{ order_by }}) = 1
    {%- endset -%}
    select * from (
        with contested as (
            select {{ key_columns | join(', ') }}
            from {{ relation }}
            group by {{ key_columns | join(', ') }}
            having count(*) > 1
        )

        select {{ relation }}.*{% if keep == 'all' %}, true as is_winner{% endif %}
        from {{ relation }}
        anti join contested on {{ same_key }}

        union all

        select {{ relation }}.*{% if keep == 'all' %}, {{ rank }} as is_winner{% endif %}
        from {{ relation }}
        semi join contested on {{ same_key }}
        {%- if keep == 'winners' %}
        qualify {{ rank }}
        {%- endif %}
    ) as ranked
{%- endmacro %}
