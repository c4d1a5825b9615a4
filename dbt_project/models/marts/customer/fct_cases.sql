-- One row per CRM case. Cases have no queue: their dates are calendar days of
-- var reporting_timezone. Durations in hours (fractions kept); null until the event happened.
-- Incremental: a run with var incremental projects again the keys the run's crm_cases files
-- deliver (delete_touched_keys), as staging stages exactly those again.
{{ config(**append_incremental("{{ delete_touched_keys('crm_cases') }}")) }}

with

cases as (

    select * from {{ ref('stg_crm__cases') }}
    where {{ is_touched_key('crm_cases') }}

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
        {{ reporting_date('opened_at') }} as opened_date,
        {{ reporting_date('first_response_at') }} as first_response_date,
        {{ reporting_date('resolved_at') }} as resolved_date,
        resolved_at is not null as is_resolved,
        {{ seconds_between('opened_at', 'first_response_at') }} / 3600.0 as first_response_hours,
        {{ seconds_between('opened_at', 'resolved_at') }} / 3600.0 as resolution_hours,
        updated_at

    from cases

)

select * from final
