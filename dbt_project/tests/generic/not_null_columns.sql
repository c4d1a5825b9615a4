{#- Fails with a row per column that holds nulls: (column_name, null_rows), the failures counted
    in null cells. One pass over the model for all its required columns, where a not_null test
    per column costs a query, and in dbt a node, each (docs/decisions.md, "Not-null tests, one
    per model"). A column that is null only under a condition keeps its own not_null test with a
    `where`. -#}
{% test not_null_columns(model, column_names) %}
{{ config(fail_calc='coalesce(sum(null_rows), 0)') }}

with

counts as (

    select
        {%- for column in column_names %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}

),

columns_checked as (

    select
        checked.column_name,
        case checked.column_name
            {%- for column in column_names %}
            when {{ sql_text(column) }} then counts.nulls_{{ loop.index }}
            {%- endfor %}
        end as null_rows
    from counts
    cross join (
        values {% for column in column_names %}({{ sql_text(column) }}){{ ', ' if not loop.last }}{% endfor %}
    ) as checked (column_name)

)

select column_name, null_rows
from columns_checked
where null_rows > 0

{% endtest %}
