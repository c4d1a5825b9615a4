{#- dq_quarantine in an incremental build (docs/decisions.md "Late and corrected data"). A row
    of it changes only with its raw line's verdict or with the staged deliveries of its key:
      - the rule checks judge again only the lines of the run's new files and, for a no-overlap
        extract, the states of int_<extract>_affected (forget_rejudged_violations);
      - is_resolved reads the staged rows whose key, as landed, is the row's key; a key's staged
        rows change only when the key is touched (forget_touched_staged_keys), and two keys
        equal as landed are equal as staged.
    So the build writes again the rows of every delivery of a touched key and of every line of
    the run's new files (a line whose key cannot be typed belongs to no touched key). -#}

{#- The raw rows of `extract` whose keys the run touches (touched_key_deliveries, read from the
    partitions of `partitions`, affected_partitions()); every raw row without an incremental
    plan. -#}
{% macro quarantine_deliveries(extract, partitions) -%}
    {%- if is_incremental() -%}
    {{ touched_key_deliveries(extract, partitions.get(extract, [])) }}
    {%- else -%}
    select * from {{ source('raw', extract) }}
    {%- endif -%}
{%- endmacro %}

{#- The lines (source_file, source_line) of `extract` whose dq_quarantine rows an incremental
    build writes again: those of `deliveries` (a relation or subquery of
    quarantine_deliveries) and those of the run's new files. -#}
{% macro quarantine_lines_judged_again(extract, deliveries) -%}
    select _file as source_file, _line as source_line from {{ deliveries }}
    union
    select _file, _line from {{ source('raw', extract) }}
    where {{ is_new_file('_file', '_partition_date') }}
{%- endmacro %}

{#- Pre-hook of dq_quarantine: the rows of the lines it writes again go first. -#}
{% macro forget_quarantine_lines_judged_again() -%}
    {%- if is_incremental() -%}
    {%- set partitions = affected_partitions() -%}
    delete from {{ this }}
    where (extract, file, line) in (
        {%- for extract in quality_contracts() %}
        select {{ sql_text(extract) }}, source_file, source_line
        from ({{ quarantine_lines_judged_again(extract, '(' ~ quarantine_deliveries(extract, partitions) ~ ')') }})
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}
