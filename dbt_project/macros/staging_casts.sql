{#- Raw columns are VARCHAR exactly as landed. These turn them into typed staging columns;
    an empty or blank value is null. A value that does not cast fails the build loudly:
    rows breaking a rule are quarantined before they reach staging. -#}

{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- Enumerations (channel, end_reason, state...): trimmed and lower case. -#}
{% macro clean_code(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}

{% macro to_integer(column) -%}
    cast({{ clean_text(column) }} as integer)
{%- endmacro %}

{% macro to_decimal(column) -%}
    cast({{ clean_text(column) }} as decimal(18, 4))
{%- endmacro %}

{% macro to_boolean(column) -%}
    cast({{ clean_code(column) }} as boolean)
{%- endmacro %}

{% macro to_date(column) -%}
    cast({{ clean_text(column) }} as date)
{%- endmacro %}

{#- 'YYYY-MM' -> the first day of that month. -#}
{% macro month_to_date(column) -%}
    cast({{ clean_text(column) }} || '-01' as date)
{%- endmacro %}

{#- A time followed by an offset: Z, +03:30, +0330 or +03 (as DuckDB prints +00). The same
    pattern decides in the rule checks (macros/quality) whether a timestamp is naive. -#}
{% macro timestamp_offset_pattern() -%}
    '[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
{%- endmacro %}

{#- ISO-8601 text -> timestamptz in UTC. Text with an offset (+03:30, Z) keeps its instant.
    Naive text is read in the IANA zone var('source_timezones')[extract] when one is declared,
    else as UTC (every connection runs with TimeZone = UTC). -#}
{% macro to_utc_timestamp(column, extract) -%}
    {%- set source_timezone = var('source_timezones', {}).get(extract) -%}
    {%- if source_timezone -%}
    case
        when regexp_matches({{ clean_text(column) }}, {{ timestamp_offset_pattern() }})
            then cast({{ clean_text(column) }} as timestamptz)
        else timezone({{ dbt.string_literal(source_timezone) }}, cast({{ clean_text(column) }} as timestamp))
    end
    {%- else -%}
    cast({{ clean_text(column) }} as timestamptz)
    {%- endif -%}
{%- endmacro %}

{#- One row per extract key from `relation` (a CTE that must carry _partition_date, _file_seq,
    source_file and source_line, and be declared `not materialized`): the latest version wins,
    then the later file (business date, then re-delivery seq, then name), then the later line. -#}
{% macro latest_deliveries(relation, key_columns, version_column=none) -%}
    {{ ranked_by_key(
        relation,
        key_columns,
        (version_column ~ ' desc nulls last, ' if version_column else '')
            ~ '_partition_date desc nulls last, _file_seq desc nulls last, source_file desc, source_line desc'
    ) }}
{%- endmacro %}

{#- The raw rows of `raw_relation` (raw lineage _file, _line) that broke no row rule, i.e. are not
    in `quarantine_relation` (the extract's rule checks, lineage source_file, source_line). An
    anti join, not a correlated not exists: DuckDB turned that into a delim join holding every
    raw row. -#}
{% macro not_quarantined(raw_relation, quarantine_relation) -%}
    select {{ raw_relation }}.* from {{ raw_relation }}
    anti join {{ quarantine_relation }}
        on {{ quarantine_relation }}.source_file = {{ raw_relation }}._file
        and {{ quarantine_relation }}.source_line = {{ raw_relation }}._line
{%- endmacro %}

{#- Incremental staging (docs/decisions.md "Late and corrected data"). A staged row is the latest
    accepted delivery of its key, so a build needs to stage again only the keys whose deliveries
    or quarantine the run can change: the keys of the new files' rows (a row's row rules depend
    on its file alone) and, for agent states, every state int_acd_agent_states_affected names
    (overlapping_interval can quarantine or free a state of an older file). The pre-hook deletes
    those keys; the model re-reads every delivery of them, from any file, and appends the
    winners. Key columns are typed as the staging model types them (by contract type). -#}

{#- The extract whose staging model this is (quality_contracts() names it). -#}
{% macro staging_extract() -%}
    {%- for name, contract in quality_contracts().items() if contract.staging_model == this.identifier -%}
        {{ return(name) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("no extract is staged by " ~ this.identifier) }}
{%- endmacro %}

{#- A key column of `extract`, typed as staging types it, from the raw column `column`. -#}
{% macro staged_key(extract, key, column) -%}
    {%- set kind = quality_contracts()[extract].types.get(key, 'text') -%}
    {%- if kind == 'timestamp' -%}{{ to_utc_timestamp(column, extract) }}
    {%- elif kind == 'code' -%}{{ clean_code(column) }}
    {%- elif kind == 'date' -%}{{ to_date(column) }}
    {%- elif kind == 'month' -%}{{ month_to_date(column) }}
    {%- elif kind == 'integer' -%}{{ to_integer(column) }}
    {%- elif kind == 'text' -%}{{ clean_text(column) }}
    {%- else -%}{{ exceptions.raise_compiler_error("no staged key type " ~ kind) }}
    {%- endif -%}
{%- endmacro %}

{#- The keys an incremental build stages again, typed, one column per key column. An extract
    with a no-overlap rule takes them from int_<extract>_affected (its stage model declares the
    dependency), which also names the older rows whose overlap verdict the new files change. -#}
{% macro touched_keys_query(extract) -%}
    {%- set contract = quality_contracts()[extract] -%}
    {%- set key = contract.key -%}
    {%- if contract.no_overlap -%}
    select {{ key | join(', ') }} from {{ ref('int_' ~ extract ~ '_affected') }}
    {%- else -%}
    select distinct
        {%- for column in key %}
        {{ staged_key(extract, column, column) }} as {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ source('raw', extract) }}
    where {{ is_new_file('_file', '_partition_date') }}
    {%- endif -%}
{%- endmacro %}

{#- The raw rows a staging model reads: every row, or in an incremental build every delivery of
    a touched key (touched_key_deliveries), read only from the partitions that hold one
    (int_partitions_affected, which finds them by the key column alone): DuckDB then skips the
    other row groups of raw by their zone maps instead of reading every column of a year of
    rows (5 s a night for acd_contacts at the large size). -#}
{% macro staging_source(extract) -%}
    {%- do ref('int_partitions_affected') -%} {#- a dependency: built before any staging model -#}
    {%- if is_incremental() -%}
    {{ touched_key_deliveries(extract, affected_partitions().get(extract, [])) }}
    {%- else -%}
    select raw_rows.* from {{ source('raw', extract) }} as raw_rows
    {%- endif -%}
{%- endmacro %}

{#- Every raw row, from any file, of a key the run touches (touched_keys_query). `partitions`:
    the partition dates that hold them all (text 'YYYY-MM-DD'), to prune the scan, or none. -#}
{% macro touched_key_deliveries(extract, partitions=none) -%}
    {%- set contract = quality_contracts()[extract] -%}
    select raw_rows.* from {{ source('raw', extract) }} as raw_rows
    semi join ({{ touched_keys_query(extract) }}) as touched
        on {% for column in contract.key -%}
        touched.{{ column }} = {{ staged_key(extract, column, 'raw_rows.' ~ column) }}
        {%- if not loop.last %} and {% endif %}
        {%- endfor %}
    where {{ partition_filter('raw_rows._partition_date', partitions) }}
    {#- A timestamp key is typed (a regex and a cast) only on the raw rows whose text date lies
        near the touched keys, given as literals so that DuckDB filters in the scan and before
        the semi join: typing every raw row cost 20 s a night for agent states at the large size. -#}
    {%- for column in contract.key if contract.types.get(column) == 'timestamp' %}
    {%- set dates = touched_key_dates(extract, column) %}
        and {{ text_dated_between('raw_rows.' ~ column, sql_text(dates[0]), sql_text(dates[1])) if dates else 'false' }}
    {%- endfor %}
{%- endmacro %}

{#- The text dates around the touched keys' timestamp key `column` (text_date_range), queried
    when the model runs; none when no key is touched. Parsing (execute false) gets a
    placeholder range. -#}
{% macro touched_key_dates(extract, column) -%}
    {%- if not execute -%}{{ return(['0000-00-00', '9999-99-99']) }}{%- endif -%}
    {%- set bounds = 'select min(' ~ column ~ '), max(' ~ column ~ ') from (' ~ touched_keys_query(extract) ~ ') as touched_keys' -%}
    {%- set row = run_query(text_date_range(bounds)).rows[0] -%}
    {{ return([row[0], row[1]] if row[0] is not none else none) }}
{%- endmacro %}

{#- Pre-hook of the staging models: the staged rows of the touched keys go. -#}
{% macro forget_touched_staged_keys() -%}
    {%- if is_incremental() -%}
    {%- set extract = staging_extract() -%}
    delete from {{ this }} as staged
    using ({{ touched_keys_query(extract) }}) as touched
    where {% for column in quality_contracts()[extract].key -%}
        staged.{{ column }} = touched.{{ column }}{% if not loop.last %} and {% endif %}
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}
