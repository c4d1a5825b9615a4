-- One row per CRM case. Cases have no queue: their dates are calendar days of
-- var reporting_timezone. Durations in hours (fractions kept); null until the event happened.
{%- set reporting_timezone = dbt.string_literal(var('reporting_timezone')) %}

with

cases as (

    select * from {{ ref('stg_crm__cases') }}

),

final as (

    select
        case_id,
        customer_id,
        channel,
        category,
        priority,
        status,
        opened_at,
        first_response_at,
        resolved_at,
        closed_at,
        reopened_count,
        cast(timezone({{ reporting_timezone }}, opened_at) as date) as opened_date,
        cast(timezone({{ reporting_timezone }}, first_response_at) as date) as first_response_date,
        cast(timezone({{ reporting_timezone }}, resolved_at) as date) as resolved_date,
        resolved_at is not null as is_resolved,
        {{ seconds_between('opened_at', 'first_response_at') }} / 3600.0 as first_response_hours,
        {{ seconds_between('opened_at', 'resolved_at') }} / 3600.0 as resolution_hours,
        updated_at

    from cases

)

select * from final
