-- Incremental: a run with var incremental rebuilds only the local days of int_dates_affected.
{{ config(**append_incremental(
    "{{ delete_affected_dates('queue_local') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}

with

classified as (

    select * from {{ ref('int_contact_segments_classified') }}
    {%- if is_incremental() %}
    where local_date in {{ affected_dates('queue_local') }}
    {%- endif %}

),

final as (

    select
        contact_id,
        initial_contact_id,
        previous_contact_id,
        channel,
        queue_id,
        customer_id,
        ani_hash,
        agent_id,
        arrived_at,
        queued_at,
        answered_at,
        ended_at,
        end_reason,
        transfer_to_queue_id,
        wrap_code,
        case_id,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        handle_seconds,
        wait_seconds,
        is_answered,
        is_abandoned,
        is_timed_out,
        is_short_abandoned,
        is_answered_within_sl,
        is_abandoned_within_sl,
        is_answered_within_first_response,
        is_transferred,
        queue_version_number,
        queue_timezone,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        local_date,
        interval_start_local,
        interval_start_at

    from classified

)

select * from final
