-- HR absences, one row per (agent_id, absence_date, absence_type). absence_date is a calendar
-- day as delivered, read as a day of var reporting_timezone. An absence that is not approved
-- (is_approved false or unknown) is unapproved.
with

absences as (

    select * from {{ ref('stg_hr__absences') }}

),

final as (

    select
        agent_id,
        absence_date,
        absence_type,
        hours,
        is_approved,
        not coalesce(is_approved, false) as is_unapproved

    from absences

)

select * from final
