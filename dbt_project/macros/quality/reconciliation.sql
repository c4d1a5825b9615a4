{#- A key column as staging types it, so raw rows can be matched with the staged row of their key. -#}
{% macro staged_key_value(column, kind, extract) -%}
    {%- if kind == 'code' -%}
        {{ clean_code(column) }}
    {%- elif kind == 'timestamp' -%}
        {{ to_utc_timestamp(column, extract) }}
    {%- elif kind == 'date' -%}
        {{ to_date(column) }}
    {%- elif kind == 'month' -%}
        {{ month_to_date(column) }}
    {%- else -%}
        {{ clean_text(column) }}
    {%- endif -%}
{%- endmacro %}

{#- Row counts of one extract per partition (business date of the landed file), each counted
    on its own so that dq_reconciliation's identity landed = staged + duplicates + quarantined
    is a real check, not arithmetic:
      landed       rows in raw.<extract>
      quarantined  distinct (file, line) in int_<extract>_rule_checks
      staged       rows of the staging model whose lineage (source_file, source_line) is there
      duplicates   accepted rows (not quarantined) whose key is staged from another file or
                   line: deliveries superseded by a later version or a later file
      quarantined_unresolved
                   quarantined rows no later accepted delivery of their key corrected
                   (dq_quarantine.is_resolved false): what the quarantine gate counts
    A row lost between raw and staging, or both quarantined and staged, breaks the identity.
    `partitions`: the partition dates (text 'YYYY-MM-DD') to count, or none for all of them. -#}
{% macro reconciliation_counts(extract, partitions=none) -%}
    {%- set contract = quality_contracts()[extract] -%}
    select
        {{ sql_text(extract) }} as extract,
        landed.partition_date,
        landed.files,
        landed.landed,
        coalesce(staged.staged, 0) as staged,
        coalesce(duplicates.duplicates, 0) as duplicates,
        coalesce(quarantined.quarantined, 0) as quarantined,
        coalesce(unresolved.quarantined_unresolved, 0) as quarantined_unresolved

    from (
        select
            _partition_date as partition_date,
            count(distinct _file) as files,
            count(*) as landed
        from {{ source('raw', extract) }}
        where {{ partition_filter('_partition_date', partitions) }}
        group by _partition_date
    ) as landed

    left join (
        select
            partition_date,
            count(*) as quarantined
        from (
            select distinct partition_date, source_file, source_line
            from {{ ref('int_' ~ extract ~ '_rule_checks') }}
            where {{ partition_filter('partition_date', partitions) }}
        ) as quarantined_lines
        group by partition_date
    ) as quarantined
        on landed.partition_date = quarantined.partition_date

    left join (
        select
            partition_date,
            count(distinct (file, line)) as quarantined_unresolved
        from {{ ref('dq_quarantine') }}
        where extract = {{ sql_text(extract) }}
            and not is_resolved
            and {{ partition_filter('partition_date', partitions) }}
        group by partition_date
    ) as unresolved
        on landed.partition_date = unresolved.partition_date

    left join (
        select
            raw_rows._partition_date as partition_date,
            count(*) as staged
        from {{ ref(contract.staging_model) }} as staged_rows
        inner join {{ source('raw', extract) }} as raw_rows
            on staged_rows.source_file = raw_rows._file
            and staged_rows.source_line = raw_rows._line
        where {{ partition_filter('raw_rows._partition_date', partitions) }}
        group by raw_rows._partition_date
    ) as staged
        on landed.partition_date = staged.partition_date

    left join (
        select
            accepted.partition_date,
            count(*) as duplicates
        from (
            select
                _partition_date as partition_date,
                _file as source_file,
                _line as source_line,
                {%- for column in contract.key %}
                {{ staged_key_value(column, contract.types.get(column, 'text'), extract) }} as {{ column }}
                {%- if not loop.last %},{% endif %}
                {%- endfor %}
            from {{ source('raw', extract) }} as raw_rows
            where {{ partition_filter('raw_rows._partition_date', partitions) }}
                and not exists (
                select 1 from {{ ref('int_' ~ extract ~ '_rule_checks') }} as quarantined
                where quarantined.source_file = raw_rows._file
                    and quarantined.source_line = raw_rows._line
            )
        ) as accepted
        inner join {{ ref(contract.staging_model) }} as staged_rows
            on {% for column in contract.key -%}
            accepted.{{ column }} = staged_rows.{{ column }}
            {% if not loop.last %}and {% endif %}
            {%- endfor %}
        where accepted.source_file <> staged_rows.source_file
            or accepted.source_line <> staged_rows.source_line
        group by accepted.partition_date
    ) as duplicates
        on landed.partition_date = duplicates.partition_date
{%- endmacro %}


{#- Pre-hook of dq_reconciliation: the rows of the partitions it counts again go. -#}
{% macro delete_affected_partitions() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as built
    where exists (
        select 1 from {{ ref('int_partitions_affected') }} as affected
        where affected.extract = built.extract
            and affected.partition_date = built.partition_date
    )
    {%- endif -%}
{%- endmacro %}
