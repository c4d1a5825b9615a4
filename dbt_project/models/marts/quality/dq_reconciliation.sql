-- Per extract and partition (the business date of the landed files): rows landed, staged
-- (winning rows), duplicates (deliveries superseded by a later version or file) and
-- quarantined, each counted on its own (reconciliation_counts() in macros/quality), so that
-- the data test landed = staged + duplicates + quarantined proves nothing was lost or counted
-- twice between raw and staging.
-- Incremental: a run with var incremental counts again only the partitions of
-- int_partitions_affected (the pre-hook deletes their rows); the others keep their counts.
{{ config(**append_incremental(
    "{{ delete_affected_partitions() }}"
)) }}
-- depends_on: {{ ref('int_partitions_affected') }}
{%- set extracts = quality_contracts().keys() | list %}
{%- set partitions = affected_partitions() if is_incremental() else none %}

with

{% for extract in extracts -%}
{{ extract }}_counts as (

    {{ reconciliation_counts(extract, partitions.get(extract, []) if partitions is not none else none) }}

),

{% endfor -%}
unioned as (

    {%- for extract in extracts %}

    select * from {{ extract }}_counts
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        extract,
        partition_date,
        files,
        landed,
        staged,
        duplicates,
        quarantined,
        quarantined_unresolved,
        {{ safe_divide('quarantined', 'landed') }} as quarantine_share,
        {{ safe_divide('quarantined_unresolved', 'landed') }} as unresolved_quarantine_share

    from unioned

)

select * from final
