-- One row per CRM customer, pseudonymised: email and phone only as salted hashes
-- (staging's pseudonymize), so they still join but cannot be read.
with

customers as (

    select * from {{ ref('stg_crm__customers') }}

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
