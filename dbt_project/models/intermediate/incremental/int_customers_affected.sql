-- The customers whose contacts an incremental build flags again for FCR and chains into
-- journeys again (a contact's repeat flag and journey depend only on the same customer's
-- contacts): every customer_id that any delivery, old or new, of any segment of an affected
-- initial contact (int_contacts_affected) names, so both the customer a contact had and the
-- one it has now are covered. Empty without var incremental.
with

segment_rows as (

    select
        coalesce({{ clean_text('initial_contact_id') }}, {{ clean_text('contact_id') }}) as initial_contact_id,
        {{ clean_text('customer_id') }} as customer_id

    from {{ source('raw', 'acd_contacts') }}

),

affected_contacts as (

    select * from {{ ref('int_contacts_affected') }}

),

final as (

    select distinct segment_rows.customer_id

    from segment_rows
    inner join affected_contacts
        on segment_rows.initial_contact_id = affected_contacts.initial_contact_id
    where segment_rows.customer_id is not null

)

select * from final
