-- The (extract, partition) rows of dq_reconciliation an incremental build counts again
-- (docs/decisions.md "Late and corrected data"): the partitions of the run's new files, and
-- every partition holding a delivery, old or new, of a key the run touches
-- (touched_key_deliveries, the rows the staging models read again). Only those rows can change
-- a count: a raw row is landed once; its quarantine changes only in a new file or, for agent
-- states, for a key of int_acd_agent_states_affected (touched too); and it is staged,
-- superseded or resolved only against the other deliveries of its key. Empty without var
-- incremental.
{%- set extracts = quality_contracts().keys() | list %}
-- depends_on: {{ ref('int_acd_agent_states_affected') }}

with

{% for extract in extracts -%}
{{ extract }}_partitions as (

    select _partition_date as partition_date
    from {{ source('raw', extract) }}
    where {{ is_new_file('_file', '_partition_date') }}
    {%- if new_files() %}

    union

    select _partition_date as partition_date
    from ({{ touched_key_deliveries(extract) }}) as deliveries
    {%- endif %}

),

{% endfor -%}
final as (

    {%- for extract in extracts %}

    select distinct
        {{ sql_text(extract) }} as extract,
        partition_date

    from {{ extract }}_partitions
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

)

select * from final
