-- One row per CRM order (crm_orders, latest version). is_sale: the order types that count as
-- sales (kpis.md "Sales total"): new_sale and upsell.
with

orders as (

    select * from {{ ref('stg_crm__orders') }}

),

final as (

    select
        order_id,
        customer_id,
        contact_id,
        ordered_at,
        order_type,
        amount,
        currency,
        coalesce(order_type in ('new_sale', 'upsell'), false) as is_sale

    from orders

)

select * from final
