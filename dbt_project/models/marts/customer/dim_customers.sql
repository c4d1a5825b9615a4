-- One row per CRM customer, pseudonymised: email and phone only as salted hashes
-- (staging's pseudonymize), so they still join but cannot be read.
-- Incremental: a run with var incremental projects again the keys the run's crm_customers files
-- deliver (delete_touched_keys), as staging stages exactly those again.
{{ config(**append_incremental("{{ delete_touched_keys('crm_customers') }}")) }}

with

customers as (

    select * from {{ ref('stg_crm__customers') }}
    where {{ is_touched_key('crm_customers') }}

),

final as (

    select
        customer_id,
        segment,
        region,
        created_at,
        churned_at,
        churned_at is not null as is_churned,
        email_hash,
        phone_hash,
        updated_at

    from customers

)

select * from final
