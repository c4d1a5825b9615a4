-- The initial contacts an incremental build rolls up again (docs/decisions.md "Late and
-- corrected data"): every initial_contact_id (else contact_id, as int_contacts_rolled_up keys
-- a journey) that any delivery, old or new, of a contact_id touched by the run names. A segment
-- that moved from one initial contact to another touches both. Empty without var incremental.
-- Every delivery of a touched contact lies in a partition int_partitions_affected names: only
-- those are read.
-- depends_on: {{ ref('int_partitions_affected') }}
with

contact_rows as (

    select
        _file as source_file,
        _partition_date as source_partition_date,
        {{ clean_text('contact_id') }} as contact_id,
        coalesce({{ clean_text('initial_contact_id') }}, {{ clean_text('contact_id') }}) as initial_contact_id

    from {{ source('raw', 'acd_contacts') }}
    where {{ in_touched_partitions('_partition_date', 'acd_contacts') }}

),

touched_contacts as (

    select distinct contact_id
    from contact_rows
    where {{ is_touched_by_run('contact_rows') }}
        and contact_id is not null

),

final as (

    select distinct contact_rows.initial_contact_id

    from contact_rows
    inner join touched_contacts
        on contact_rows.contact_id = touched_contacts.contact_id
    where contact_rows.initial_contact_id is not null

)

select * from final
