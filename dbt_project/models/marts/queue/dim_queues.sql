-- One row per queue settings version. A version is valid from its updated_at up to the next
-- version's updated_at; the first version of a queue is valid from the beginning of time
-- (valid_from_at is null), so contacts older than the first delivered settings still find one.
-- The last version is open-ended (valid_to_at null, is_current).
with

queues as (

    select * from {{ ref('stg_acd__queues') }}

),

versioned as (

    select
        queue_id,
        queue_name,
        channel,
        purpose,
        timezone,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        updated_at,
        row_number() over (partition by queue_id order by updated_at) as version_number,
        lead(updated_at) over (partition by queue_id order by updated_at) as next_updated_at

    from queues

),

final as (

    select
        queue_id,
        version_number,
        queue_name,
        channel,
        purpose,
        coalesce(timezone, {{ dbt.string_literal(var('reporting_timezone')) }}) as timezone,
        coalesce(sl_threshold_seconds, {{ var('default_sl_threshold_seconds') }}) as sl_threshold_seconds,
        coalesce(sl_target_pct, cast({{ var('default_sl_target_pct') }} as decimal(18, 4))) as sl_target_pct,
        coalesce(short_abandon_seconds, {{ var('default_short_abandon_seconds') }}) as short_abandon_seconds,
        case when version_number > 1 then updated_at end as valid_from_at,
        next_updated_at as valid_to_at,
        next_updated_at is null as is_current,
        updated_at

    from versioned

)

select * from final
