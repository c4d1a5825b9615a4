{#- Incremental models (docs/decisions.md "Late and corrected data"): a build with an
    incremental plan (macro incremental_plan: {new_files: [...], new_partitions: [...]}) is
    incremental when the warehouse holds a complete earlier build; int_dates_affected turns the
    plan into the dates to recompute. Each incremental model deletes its rows of those dates
    (pre-hook) and appends them again, recomputed (strategy append: the delete is explicit, so a
    date that lost all its rows is emptied too). Without a plan the models are rebuilt in full.
    "A run with var incremental" in the models' comments means a build with a plan. -#}

{#- The build's incremental plan, or none (a full build). From var `incremental` when one is
    given (dbt by hand, the tests); otherwise, in a build the orchestration starts, from the row
    of build_state.dbt_plan whose id env CALLSCOPE_DBT_PLAN names (orchestration/lib/
    incremental.py, write_dbt_plan). The row is read when a node runs, never while dbt parses:
    a var that changed every night made dbt parse the whole project again. -#}
{% macro incremental_plan() -%}
    {%- set given = var('incremental', none) -%}
    {%- if given is not none or not execute -%}
        {{ return(given) }}
    {%- endif -%}
    {%- set plan_id = env_var('CALLSCOPE_DBT_PLAN', '') -%}
    {%- if not plan_id -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[0-9a-f]{32}', plan_id) -%}
        {{ exceptions.raise_compiler_error("env CALLSCOPE_DBT_PLAN is not a plan id: " ~ plan_id) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select new_files, new_partitions from build_state.dbt_plan where plan_id = '" ~ plan_id ~ "'"
    ) -%}
    {%- if rows | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            "build_state.dbt_plan holds no plan " ~ plan_id ~ " (env CALLSCOPE_DBT_PLAN): start the"
            ~ " build from the orchestration, or unset the variable for a full build") }}
    {%- endif -%}
    {{ return({'new_files': fromjson(rows[0][0]), 'new_partitions': fromjson(rows[0][1])}) }}
{%- endmacro %}

{#- Overrides dbt's should_full_refresh: an incremental model is rebuilt in full by
    --full-refresh or its config (as in dbt), and also when the build has no incremental plan,
    unless its config says full_refresh: false. -#}
{% macro should_full_refresh() -%}
    {%- if config.get('full_refresh') is not none or flags.FULL_REFRESH -%}
        {{ return(dbt.should_full_refresh()) }}
    {%- endif -%}
    {{ return(execute and incremental_plan() is none) }}
{%- endmacro %}

{#- The affected dates of one scope: 'queue_local' (a queue's local day) or 'reporting' (a day
    in var reporting_timezone), as a subquery. `affected`: int_dates_affected's relation, for a
    caller that cannot ref() it (a data test, macros/test_scope.sql). -#}
{% macro affected_dates(scope, affected=none) -%}
    (select affected_date from {{ affected or ref('int_dates_affected') }} where date_scope = '{{ scope }}')
{%- endmacro %}

{#- Pre-hook: the rows of the affected dates go before they are appended again. -#}
{% macro delete_affected_dates(scope, date_column='local_date') -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ date_column }} in {{ affected_dates(scope) }}
    {%- endif -%}
{%- endmacro %}

{#- config() of every incremental model: appended after an explicit delete (`pre_hook`, Jinja
    rendered when the model runs; a list runs in order), failing on a schema change, rebuilt in
    full without var incremental. Usage:
        {{ config(**append_incremental("{{ delete_affected_dates('reporting') }}")) }} -#}
{% macro append_incremental(pre_hook) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': pre_hook,
    }) }}
{%- endmacro %}

{#- Pre-hook: in an incremental build, the rows whose `column` the query `keys` returns go
    before they are appended again. -#}
{% macro delete_keys_in(column, keys) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ column }} in ({{ keys }})
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the models keyed by an affected key (int_contacts_affected, ...): the rows of
    those keys go before they are appended again. -#}
{% macro delete_affected_keys(column, affected_model) -%}
    {{ delete_keys_in(column, 'select ' ~ column ~ ' from ' ~ ref(affected_model)) }}
{%- endmacro %}

{#- The contact_ids of the segments int_contacts_segments_attributed attributed again in this run
    (those of the initial contacts of int_contacts_affected), as a query. -#}
{% macro segments_attributed_again() -%}
    select contact_id
    from {{ ref('int_contacts_segments_attributed') }}
    where initial_contact_id in (select initial_contact_id from {{ ref('int_contacts_affected') }})
{%- endmacro %}

{#- The contact_ids whose fct_interaction_analytics row a run with var incremental attributes
    again: those the run's interaction_analytics files deliver (any version) and the segments
    attributed again. -#}
{% macro analytics_to_attribute_again() -%}
    {{ touched_keys_query('interaction_analytics') }}
    union
    {{ segments_attributed_again() }}
{%- endmacro %}

{#- The response_ids whose fct_survey_responses row a run with var incremental attributes again:
    those the run's survey_responses files deliver (any version) and the responses naming a
    segment attributed again (the current delivery's contact_id: an earlier one that named
    another contact is a touched response_id). -#}
{% macro surveys_to_attribute_again() -%}
    {{ touched_keys_query('survey_responses') }}
    union
    select response_id
    from {{ ref('stg_feedback__survey_responses') }}
    where contact_id in ({{ segments_attributed_again() }})
{%- endmacro %}

{#- The marts that are one row per staged key of one extract, projected from its staging model
    alone (fct_cases, fct_orders, dim_customers): in an incremental build the rows of the keys
    the run's files deliver (touched_keys_query, any version, quarantined or not) go in the
    pre-hook and come back from staging, which staged exactly those keys again. -#}
{% macro delete_touched_keys(extract) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ has_touched_key(extract) }}
    {%- endif -%}
{%- endmacro %}

{#- Model filter of those marts: every row, or in an incremental build the touched keys. -#}
{% macro is_touched_key(extract) -%}
    {{ has_touched_key(extract) if is_incremental() else 'true' }}
{%- endmacro %}

{#- Whether a row's key (the extract's key columns) is one the run's files deliver: the
    condition of the marts above and of the test scope touched:<extract> (test_scope.sql). -#}
{% macro has_touched_key(extract) -%}
    ({{ quality_contracts()[extract].key | join(', ') }}) in ({{ touched_keys_query(extract) }})
{%- endmacro %}

{#- The evaluation_ids whose fct_qa_evaluations row a run with var incremental scores and
    attributes again: those the run's qa_evaluations files deliver and those naming a contact
    segment the run's acd_contacts files deliver. A row reads only its own evaluation and its
    own segment (stg_acd__contact_segments, fct_contact_segments), and a segment's row there
    changes only with a delivery of that segment (a queue's timezone or settings change with a
    new acd_queues file, and the orchestration then rebuilds in full). -#}
{% macro evaluations_to_score_again() -%}
    {{ touched_keys_query('qa_evaluations') }}
    union
    select evaluation_id
    from {{ ref('stg_feedback__qa_evaluations') }}
    where contact_id in ({{ touched_keys_query('acd_contacts') }})
{%- endmacro %}

{#- The FCR data watermark: the latest arrived_at of any segment in the data. -#}
{% macro fcr_watermark_query() -%}
    select max(last_arrived_at) as data_watermark_at
    from {{ ref('int_contacts_rolled_up') }}
{%- endmacro %}

{#- The contacts of fct_contacts whose flags a run with var incremental computes again: those
    of the customers of int_customers_affected and the initial contacts of
    int_contacts_affected (every contact a run adds is one of those), as a condition on
    `relation`. -#}
{% macro is_contact_to_flag_again(relation) -%}
    ({{ relation }}.customer_id in (select customer_id from {{ ref('int_customers_affected') }})
        or {{ relation }}.initial_contact_id in (
            select initial_contact_id from {{ ref('int_contacts_affected') }}
        ))
{%- endmacro %}

{#- Pre-hooks of fct_contacts: the contacts to flag again go; then is_fcr_final, a function of
    the stored fcr_window_ends_at and the data watermark alone, is set in place where the new
    watermark changes it (in both directions), instead of flagging those contacts again. -#}
{% macro delete_contacts_to_flag_again() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as built
    where {{ is_contact_to_flag_again('built') }}
    {%- endif -%}
{%- endmacro %}

{% macro update_fcr_finality() -%}
    {%- if is_incremental() -%}
    {%- set finality = fcr_finality('built.fcr_window_ends_at', 'watermark.data_watermark_at') -%}
    update {{ this }} as built
    set is_fcr_final = {{ finality }}
    from ({{ fcr_watermark_query() }}) as watermark
    where built.is_fcr_final is distinct from {{ finality }}
    {%- endif -%}
{%- endmacro %}

{#- is_fcr_final: whether a contact's FCR window has closed by the data watermark. One formula
    for fct_contacts, which computes it, and update_fcr_finality, which keeps it current. -#}
{% macro fcr_finality(window_ends_at, watermark) -%}
    coalesce({{ window_ends_at }} <= {{ watermark }}, false)
{%- endmacro %}

{#- Pre-hook of the queue x day marts: the affected dates go, and so does every (queue, day)
    that is no longer on the spine int_queue_local_days as it is (the first or last contact
    moved, an unknown queue came or went, its channel changed). The model then appends every
    spine day missing from the table. With `affected` false, only the days off the spine go
    (int_queue_intervals: a spine day's intervals depend on nothing else). -#}
{% macro delete_affected_queue_days(affected=true) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as built
    where {% if affected %}built.local_date in {{ affected_dates('queue_local') }}
        or {% endif %}not exists (
            select 1
            from {{ ref('int_queue_local_days') }} as spine
            where spine.queue_id = built.queue_id
                and spine.local_date = built.local_date
                and spine.channel is not distinct from built.channel
                and spine.queue_timezone = built.queue_timezone
        )
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the marts that re-aggregate kpi_queue_daily (kpi_queue_monthly, kpi_channel_daily):
    a built group stays only while kpi_queue_daily, as it is after this run, holds exactly as
    many queue-days for it and none of them is affected; every other group goes and the model
    appends it again. `grain` maps each grain column of the mart to its expression over
    kpi_queue_daily; `days_column` is the mart's count of queue-days. -#}
{% macro delete_regrouped_queue_days(grain, days_column) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as built
    where not exists (
        select 1
        from (
            select
                {%- for column, expression in grain.items() %}
                {{ expression }} as {{ column }},
                {%- endfor %}
                count(*) as queue_days,
                bool_or(local_date in {{ affected_dates('queue_local') }}) as is_affected
            from {{ ref('kpi_queue_daily') }}
            group by all
        ) as current_groups
        where current_groups.queue_days = built.{{ days_column }}
            and not current_groups.is_affected
            {%- for column in grain %}
            and current_groups.{{ column }} is not distinct from built.{{ column }}
            {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}

{#- The grain of kpi_queue_monthly over kpi_queue_daily, for delete_regrouped_queue_days. -#}
{% macro queue_month_grain() -%}
    {{ return({
        'queue_id': 'queue_id',
        'local_month': "cast(date_trunc('month', local_date) as date)",
        'channel': 'channel',
        'queue_timezone': 'queue_timezone',
    }) }}
{%- endmacro %}

{#- Model filter of the queue x day marts and staffing: the spine days the table does not hold
    (after the pre-hook: the affected ones and the new ones). -#}
{% macro missing_queue_days(relation) -%}
    not exists (
        select 1
        from {{ this }} as built
        where built.queue_id = {{ relation }}.queue_id
            and built.local_date = {{ relation }}.local_date
    )
{%- endmacro %}

{#- Prefilters on UTC instants, before the local date is known: an instant, or a span
    [started, ended), that can fall on an affected local date (offsets lie within -12 h .. +14 h,
    so a day of margin on each side is enough). `affected`: int_dates_affected's relation, for
    a caller that cannot ref() it (a data test, macros/test_scope.sql). -#}
{% macro within_affected_span(at, scope, affected=none) -%}
    {{ overlaps_affected_span(at, at, scope, affected) }}
{%- endmacro %}

{% macro overlaps_affected_span(started, ended, scope, affected=none) -%}
    {%- set affected = affected or ref('int_dates_affected') -%}
    {{ ended }} >= (select cast(min(affected_date) - 1 as timestamptz) from {{ affected }} where date_scope = '{{ scope }}')
    and {{ started }} < (select cast(max(affected_date) + 2 as timestamptz) from {{ affected }} where date_scope = '{{ scope }}')
{%- endmacro %}

{#- The text dates (low_text, high_text: 'YYYY-MM-DD') that text_dated_between needs around the
    instants the query `bounds` (one row: low, high) returns: two days below, three above. -#}
{% macro text_date_range(bounds) -%}
    select
        strftime(bounds.low - interval 2 day, '%Y-%m-%d') as low_text,
        strftime(bounds.high + interval 3 day, '%Y-%m-%d') as high_text
    from ({{ bounds }}) as bounds(low, high)
{%- endmacro %}

{#- SQL for text_date_range's two dates (low_text, high_text) around the instants (low, high) that
    the query `bounds` returns over the CTEs `ctes` (a list of (name, sql) pairs, in order), for
    text_dated_between; none when nothing is touched (no new file, or null bounds). Queried when
    the model runs and given as literals, so that DuckDB filters raw in the scan, by zone map:
    as scalar subqueries the bounds became a join over every raw row (2-3 s a scan of a year of
    agent states). A dbt unit test, whose inputs exist only inside the model's SQL, gets the
    same query as scalar subqueries. Parsing gets a placeholder range. -#}
{% macro text_date_literals(ctes, bounds) -%}
    {%- if not execute -%}{{ return(["'0000-00-00'", "'9999-99-99'"]) }}{%- endif -%}
    {%- if not new_files() -%}{{ return(none) }}{%- endif -%}
    {%- set query -%}
    with
    {%- for name, sql in ctes %}
    {{ name }} as ({{ sql }}){{ ',' if not loop.last }}
    {%- endfor %}
    {{ text_date_range(bounds) }}
    {%- endset -%}
    {%- if model.resource_type == 'unit_test' -%}
    {{ return([
        '(select low_text from (' ~ query ~ ') as dates)',
        '(select high_text from (' ~ query ~ ') as dates)',
    ]) }}
    {%- endif -%}
    {%- set row = run_query(query).rows[0] -%}
    {{ return([sql_text(row[0]), sql_text(row[1])] if row[0] is not none else none) }}
{%- endmacro %}

{#- Whether the raw text timestamp `text_column` can be dated from `low` to before `high` (SQL
    text 'YYYY-MM-DD', from text_date_range). A well-formed timestamp starts with its date,
    which lies within a day of its UTC date (offsets are under 24 h), so a plain text range
    keeps every row that can match. Text that starts below '0' (leading blanks, which staging
    trims) is kept too; other text is no timestamp and never matches. Plain comparisons of the
    raw column: trimming and cutting 27 M texts per scan cost 5 s at the large size. Written as
    (blank or from low) and (blank or before high), which is the same condition: DuckDB prunes
    raw's row groups by zone map with each conjunct, but not with blank or (from low and before
    high), which it evaluated on every row (0.54 s instead of 0.05 s per scan of a year of agent
    states). -#}
{% macro text_dated_between(text_column, low, high) -%}
    (({{ text_column }} < '0' or {{ text_column }} >= {{ low }}) and ({{ text_column }} < '0' or {{ text_column }} < {{ high }}))
{%- endmacro %}

{#- Whether the raw text timestamp `text_column` can be dated on or after `low` (SQL text
    'YYYY-MM-DD', from text_date_range): text_dated_between without an upper bound. -#}
{% macro text_dated_from(text_column, low) -%}
    ({{ text_column }} < '0' or {{ text_column }} >= {{ low }})
{%- endmacro %}

{#- An agent's spans of `extract` (states, schedules) as landed: file, agent, start and end text. -#}
{% macro raw_agent_spans(extract, start, end) -%}
    select
        _file as source_file,
        _partition_date as source_partition_date,
        nullif(trim(agent_id), '') as agent_id,
        {{ start }} as started_at_text,
        {{ end }} as ended_at_text

    from {{ source('raw', extract) }}
{%- endmacro %}

{#- The (agent, start) keys of the spans in `rows` (raw_agent_spans) of the run's new files. -#}
{% macro touched_span_starts(rows, extract) -%}
    select distinct
        agent_id,
        {{ raw_timestamp('started_at_text', extract) }} as started_at

    from {{ rows }}
    where {{ is_touched_by_run(rows) }}
        and agent_id is not null
        and {{ raw_timestamp('started_at_text', extract) }} is not null
{%- endmacro %}

{#- The rows of `rows` (agent_id, started_at_text, ended_at_text: an extract's raw spans as text)
    whose start text lies within `dates` (SQL for the two text dates, text_date_literals; none:
    no row), typed. -#}
{% macro spans_near(rows, extract, dates) -%}
    select
        agent_id,
        {{ raw_timestamp('started_at_text', extract) }} as started_at,
        {{ raw_timestamp('ended_at_text', extract) }} as ended_at

    from {{ rows }}
    where {{ text_dated_between('started_at_text', dates[0], dates[1]) if dates else 'false' }}
{%- endmacro %}

{#- A raw text timestamp as staging reads it, or null when it is not one (a quarantined row). -#}
{% macro raw_timestamp(column, extract) -%}
    {{ try_typed("nullif(trim(" ~ column ~ "), '')", 'timestamp', var('source_timezones', {}).get(extract)) }}
{%- endmacro %}

{#- Whether a raw row (columns source_file, source_partition_date) is touched by this run: its
    file is one of var incremental.new_files. (A file is judged stale once, when it lands, so no
    older file changes its quarantine later.) -#}
{% macro is_touched_by_run(rows) -%}
    {{ is_new_file(rows ~ '.source_file', rows ~ '.source_partition_date') }}
{%- endmacro %}

{#- The files new since the last complete build: the plan's new_files, empty without a plan. -#}
{% macro new_files(plan=none) -%}
    {{ return((plan or incremental_plan() or {}).get('new_files', [])) }}
{%- endmacro %}

{#- The business dates (text 'YYYY-MM-DD') of the new files: the plan's new_partitions, empty
    without a plan. -#}
{% macro new_partitions(plan=none) -%}
    {{ return((plan or incremental_plan() or {}).get('new_partitions', [])) }}
{%- endmacro %}

{#- Whether the file name in `column` is one of var incremental.new_files (a literal list, which
    DuckDB pushes into the scan). With `partition_column` (the row's _partition_date), the row's
    partition must also be one of new_partitions: raw rows lie in load order, so DuckDB skips
    every other row group by its zone map on the date, which it cannot do on the file name (it
    keeps only a short prefix of text, the same for every file of an extract). -#}
{% macro is_new_file(column, partition_column=none) -%}
    {%- set plan = incremental_plan() -%}
    (
        {%- if new_files(plan) %}
        {%- if partition_column and new_partitions(plan) %}
        {{ partition_filter(partition_column, new_partitions(plan)) }} and
        {%- endif %}
        {{ column }} in (
            {%- for file in new_files(plan) %}
            {{ sql_text(file) }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        )
        {%- else %}
        false
        {%- endif %}
    )
{%- endmacro %}

{#- Whether the partition date in `column` is one of `partitions` (text 'YYYY-MM-DD'), as literals
    DuckDB prunes the scan with; true when `partitions` is none (every partition). -#}
{% macro partition_filter(column, partitions) -%}
    {%- if partitions is none -%}
    true
    {%- elif partitions -%}
    {{ column }} in ({% for day in partitions %}date {{ sql_text(day) }}{% if not loop.last %}, {% endif %}{% endfor %})
    {%- else -%}
    false
    {%- endif -%}
{%- endmacro %}

{#- The partitions holding a delivery of a key the run touches, per extract
    (int_partitions_affected), queried when the calling model runs:
    {extract: ['YYYY-MM-DD', ...]}. Empty when parsing. -#}
{% macro affected_partitions() -%}
    {%- set partitions = {} -%}
    {%- if execute -%}
    {%- set query -%}
    select extract, strftime(partition_date, '%Y-%m-%d') from {{ ref('int_partitions_affected') }} order by 1, 2
    {%- endset -%}
    {%- for row in run_query(query).rows -%}
    {%- do partitions.setdefault(row[0], []).append(row[1]) -%}
    {%- endfor -%}
    {%- endif -%}
    {{ return(partitions) }}
{%- endmacro %}

{#- Filter on raw's `column` (_partition_date) to the partitions that hold a delivery of a key of
    `extract` the run touches (affected_partitions(), as literals that prune the scan), for a
    model reading every delivery of the touched keys. No filter in a dbt unit test, whose raw
    rows are its inputs. The caller declares its dependency on int_partitions_affected. -#}
{% macro in_touched_partitions(column, extract) -%}
    {%- if model.resource_type == 'unit_test' -%}
    true
    {%- else -%}
    {{ partition_filter(column, affected_partitions().get(extract, [])) }}
    {%- endif -%}
{%- endmacro %}

{#- The fct_contact_segments rows of the queue-days in CTE `days` (columns queue_id,
    local_date) in an incremental run; all of them otherwise. -#}
{% macro segments_of_queue_days(days) -%}
    select * from {{ ref('fct_contact_segments') }} as queue_segments
    {%- if is_incremental() %}
    where exists (
        select 1 from {{ days }}
        where {{ days }}.queue_id = queue_segments.queue_id
            and {{ days }}.local_date = queue_segments.local_date
    )
    {%- endif %}
{%- endmacro %}
