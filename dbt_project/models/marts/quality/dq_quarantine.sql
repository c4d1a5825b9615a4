-- Every landed row that broke a row rule of sources.md, with its file, line, key, rule and a
-- readable reason naming the value: one row per (file, line, rule, column). A row listed here
-- never reaches staging. is_resolved: a later delivery of the same key (a later file, or a
-- later line of the same file) was accepted, so the marts hold a corrected version. Run-independent: the same landed files always give the same
-- rows (loaded_at is when the row's file was ingested).
-- Incremental: a run with var incremental writes again only the rows of the lines whose
-- verdict or resolution it can change, every delivery of a touched key and every line of its
-- new files (macros/quality/quarantine.sql; the pre-hook deletes them first).
{{ config(**append_incremental(
    "{{ forget_quarantine_lines_judged_again() }}"
)) }}
-- depends_on: {{ ref('int_partitions_affected') }}
-- depends_on: {{ ref('int_acd_agent_states_affected') }}
{%- set contracts = quality_contracts() %}
{%- set partitions = affected_partitions() if is_incremental() else none %}

with

{% for extract, contract in contracts.items() -%}
{{ extract }}_deliveries as not materialized (

    {{ quarantine_deliveries(extract, partitions) }}

),

{{ extract }}_violations as (

    select * from {{ ref('int_' ~ extract ~ '_rule_checks') }}
    {%- if is_incremental() %}
    where (source_file, source_line) in (
        {{ quarantine_lines_judged_again(extract, extract ~ '_deliveries') }}
    )
    {%- endif %}

),

{{ extract }}_staged_keys as (

    -- key (as landed) and file of every staged row of the extract among the deliveries
    select
        {{ raw_record_key(contract.key, 'raw_rows') }} as record_key,
        raw_rows._partition_date as partition_date,
        raw_rows._file_seq as file_seq,
        raw_rows._file as source_file,
        raw_rows._line as source_line

    from {{ ref(contract.staging_model) }} as staged_rows
    inner join {{ extract }}_deliveries as raw_rows
        on staged_rows.source_file = raw_rows._file
        and staged_rows.source_line = raw_rows._line

),

{% endfor -%}
unioned as (

    {%- for extract in contracts %}

    select
        {{ sql_text(extract) }} as extract,
        violations.*,
        exists (
            select 1 from {{ extract }}_staged_keys as staged
            where staged.record_key = violations.record_key
                and {{ is_later_delivery('staged', 'violations') }}
        ) as is_resolved

    from {{ extract }}_violations as violations
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        extract,
        partition_date,
        source_file as file,
        source_line as line,
        record_key as key,
        rule,
        column_name,
        reason,
        is_resolved,
        loaded_at

    from unioned

)

select * from final
