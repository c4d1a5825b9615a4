-- Cost per contact per reporting month and site (kpis.md "Cost per contact"): the components of
-- int_business_site_costs_monthly and the ratios recomputed from them. The total over all
-- sites is in kpi_business_monthly.
with

site_costs as (

    select * from {{ ref('int_business_site_costs_monthly') }}

),

final as (

    select
        month_start,
        site,
        cost_currency,
        total_cost,
        handled_contacts,
        {{ safe_divide('total_cost', 'handled_contacts') }} as cost_per_contact,
        scheduled_work_hours,
        labour_cost_scheduled,
        {{ safe_divide('labour_cost_scheduled', 'handled_contacts') }} as labour_cost_per_contact

    from site_costs

)

select * from final
