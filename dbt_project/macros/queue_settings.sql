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

{#- A contact segment that waited in a queue: the segments int_contact_segments_classified
    classifies (and int_contacts_rolled_up dates its contact by). -#}
{% macro is_inbound_queued() -%}
    direction = 'inbound' and queue_id is not null and queued_at is not null
{%- endmacro %}

{#- The timezone of a queue's local days: its current one (a current dim_queues row joined as
    `current_queues`), else var reporting_timezone for a queue acd_queues never described. -#}
{% macro queue_local_timezone(current_queues) -%}
    coalesce({{ current_queues }}.timezone, {{ dbt.string_literal(var('reporting_timezone')) }})
{%- endmacro %}
