-- The epoch arithmetic of macros/reporting_time.sql (used when reporting_timezone is UTC) gives
-- what DuckDB's timezone() gives: the UTC date and wall clock time of an instant, and back.
-- Instants around midnight, the epoch, a leap day and DST changes elsewhere, a null, and one
-- every 7 h 13 min 1.000001 s over three years. Returns the instants where a path differs.
-- depends_on: {{ ref('int_agent_activities_split') }}
with

edges as (

    select unnest([
        timestamptz '1969-12-31 23:59:59.999999+00',
        timestamptz '1970-01-01 00:00:00+00',
        timestamptz '2024-02-29 23:59:59.999999+00',
        timestamptz '2024-03-01 00:00:00+00',
        timestamptz '2026-03-29 00:59:59.999999+00',
        timestamptz '2026-03-29 01:00:00+00',
        timestamptz '2026-10-25 00:30:00+00',
        timestamptz '2026-12-31 23:59:59.999999+00',
        cast(null as timestamptz)
    ]) as instant

),

series as (

    select unnest(generate_series(
        timestamptz '2025-01-01 00:00:00+00',
        timestamptz '2028-01-01 00:00:00+00',
        interval '7 hours 13 minutes 1.000001 seconds'
    )) as instant

),

instants as (

    select instant from edges
    union all
    select instant from series

)

select instant
from instants
where {{ utc_date('instant') }} is distinct from cast(timezone('UTC', instant) as date)
    or {{ utc_wall_clock('instant') }} is distinct from timezone('UTC', instant)
    or {{ utc_instant(utc_wall_clock('instant')) }} is distinct from instant
