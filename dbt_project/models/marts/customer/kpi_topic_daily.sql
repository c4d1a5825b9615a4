-- Share of analysed contacts per topic (kpis.md NEV line: "share of contacts per topic"), per
-- local_date x queue_id x topic, attributed like fct_interaction_analytics (queue_id null:
-- segments not in acd_contacts, on the reporting_timezone date of analyzed_at). One analysed
-- segment is one contact here (interaction_analytics is keyed by segment). topic_contacts is
-- additive over days and queues; analyzed_contacts is the row's queue-day total (the same on
-- every topic row of that queue-day), so re-aggregate it from one row per queue-day.
with

analytics as (

    select * from {{ ref('fct_interaction_analytics') }}

),

topic_totals as (

    select
        local_date,
        queue_id,
        topic,
        count(*) as topic_contacts

    from analytics
    group by
        local_date,
        queue_id,
        topic

),

with_totals as (

    select
        *,
        sum(topic_contacts) over (partition by local_date, queue_id) as analyzed_contacts

    from topic_totals

),

final as (

    select
        local_date,
        queue_id,
        topic,
        topic_contacts,
        cast(analyzed_contacts as bigint) as analyzed_contacts,
        {{ safe_divide('topic_contacts', 'analyzed_contacts') }} as topic_share_rate

    from with_totals

)

select * from final
