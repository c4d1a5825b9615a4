{#- Join condition: the queue settings version (a dim_queues row) valid at the instant `at`.
    The first version has valid_from_at null (valid since the beginning of time), the current
    one valid_to_at null. -#}
{% macro queue_version_valid_at(versions, at) -%}
    ({{ versions }}.valid_from_at is null or {{ versions }}.valid_from_at <= {{ at }})
    and ({{ versions }}.valid_to_at is null or {{ at }} < {{ versions }}.valid_to_at)
{%- endmacro %}

{#- The settings in force from a dim_queues row, or the default vars when there is no row
    (a queue that acd_queues never described). -#}
{% macro queue_settings_columns(versions) -%}
    coalesce({{ versions }}.sl_threshold_seconds, {{ var('default_sl_threshold_seconds') }}) as sl_threshold_seconds,
    coalesce({{ versions }}.sl_target_pct, cast({{ var('default_sl_target_pct') }} as decimal(18, 4))) as sl_target_pct,
    coalesce({{ versions }}.short_abandon_seconds, {{ var('default_short_abandon_seconds') }}) as short_abandon_seconds
{%- endmacro %}
