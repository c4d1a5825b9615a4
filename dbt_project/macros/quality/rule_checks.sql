{#- Building blocks of the rule-check models (models/quality/int_<extract>_rule_checks).

    A rule-check model is a chain of CTEs over raw.<extract>:
        typed               {{ rule_check_typed_rows(extract) }}: every raw row with its lineage,
                            each contract column as trimmed text (<column>_text) and as a value
                            that is null unless the text is valid for its type (<column>)
        contract_violations {{ contract_rule_violations(extract) }}: the rules every extract
                            shares, driven by quality_contracts()
        extract_violations  rules of one extract, written with {{ violation(...) }}
        row_violations      the union of the two
        key_violations      {{ key_rule_violations(extract) }}: duplicate keys in one file and
                            overlapping intervals, judged on the rows that broke no row rule
    and yields one row per (file, line, rule, column) with a readable reason that names the
    value as landed. Nothing depends on the run (no run id, no clock): the same raw rows always
    give the same violations. PII columns are never read, so no reason can carry their values.
-#}

{#- A SQL string literal of a text, its quotes doubled. -#}
{% macro sql_text(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#- ISO-8601 date, optionally with a time, optionally with an offset. -#}
{% macro iso_timestamp_pattern() -%}
    '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?'
{%- endmacro %}

{% macro timestamp_has_offset(text) -%}
    regexp_matches({{ text }}, {{ timestamp_offset_pattern() }})
{%- endmacro %}

{#- A naive local time that does not exist in `zone` (skipped when clocks go forward): read in
    the zone and printed back, it comes out an hour later. -#}
{% macro local_time_in_gap(text, zone) -%}
    timezone({{ sql_text(zone) }}, timezone({{ sql_text(zone) }}, try_cast({{ text }} as timestamp)))
        <> try_cast({{ text }} as timestamp)
{%- endmacro %}

{#- The typed value of a trimmed text, or null when the text is not valid for the type.
    Timestamps: with an offset they keep their instant; naive ones are read in the source
    timezone when one is configured (null in a DST gap), else they are null (quarantined). -#}
{% macro try_typed(text, kind, zone) -%}
    {%- if kind == 'code' -%}
        lower({{ text }})
    {%- elif kind == 'integer' -%}
        case when regexp_full_match({{ text }}, '[+-]?[0-9]+') then try_cast({{ text }} as integer) end
    {%- elif kind == 'decimal' -%}
        case when regexp_full_match({{ text }}, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?')
            then try_cast({{ text }} as decimal(18, 4)) end
    {%- elif kind == 'boolean' -%}
        try_cast(lower({{ text }}) as boolean)
    {%- elif kind == 'date' -%}
        case when regexp_full_match({{ text }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') then try_cast({{ text }} as date) end
    {%- elif kind == 'month' -%}
        case when regexp_full_match({{ text }}, '[0-9]{4}-[0-9]{2}') then try_cast({{ text }} || '-01' as date) end
    {%- elif kind == 'timestamp' -%}
        case
            when not regexp_full_match({{ text }}, {{ iso_timestamp_pattern() }}) then null
            when {{ timestamp_has_offset(text) }} then try_cast({{ text }} as timestamptz)
            {%- if zone %}
            when not ({{ local_time_in_gap(text, zone) }})
                then timezone({{ sql_text(zone) }}, try_cast({{ text }} as timestamp))
            {%- endif %}
        end
    {%- else -%}
        {{ text }}
    {%- endif -%}
{%- endmacro %}

{#- Whether a non-empty text is well-formed for its type (timestamps: offset rules aside). -#}
{% macro is_well_formed(column, kind) -%}
    {%- if kind == 'timestamp' -%}
        (regexp_full_match({{ column }}_text, {{ iso_timestamp_pattern() }})
            and case
                when {{ timestamp_has_offset(column ~ '_text') }} then try_cast({{ column }}_text as timestamptz) is not null
                else try_cast({{ column }}_text as timestamp) is not null
            end)
    {%- else -%}
        {{ column }} is not null
    {%- endif -%}
{%- endmacro %}

{% macro type_words(kind) -%}
    {{ return({
        'integer': 'an integer', 'decimal': 'a decimal number', 'boolean': 'a boolean (true/false)',
        'date': 'a date (YYYY-MM-DD)', 'month': 'a month (YYYY-MM)',
        'timestamp': 'an ISO-8601 timestamp'}[kind]) }}
{%- endmacro %}

{#- Per file of an extract: the newest business date of the same extract among the files loaded
    before it (raw._first_loaded_at: when the file name was first loaded; re-loads keep it). The
    stale-file rule measures from it, so a file is judged once, when it arrives, and history
    never ages into quarantine. -#}
{% macro newest_landed_before_query(extract) -%}
    with files as (
        select
            _file as source_file,
            min(_partition_date) as partition_date,
            min(_first_loaded_at) as loaded_at
        from {{ source('raw', extract) }}
        group by _file
    )
    select
        files.source_file,
        row_number() over (order by files.source_file) as file_number,
        (
            select max(earlier.partition_date)
            from files as earlier
            where earlier.loaded_at < files.loaded_at
        ) as newest_landed_before
    from files
{%- endmacro %}

{#- The key as text, for people: the value, or the values joined by ' | '. -#}
{% macro record_key(columns) -%}
    {%- if columns | length == 1 -%}
        coalesce({{ columns[0] }}_text, '')
    {%- else -%}
        concat_ws(' | ', {% for column in columns %}coalesce({{ column }}_text, ''){% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- record_key() computed from a raw relation's columns: the staged rows' keys as landed. -#}
{% macro raw_record_key(columns, relation) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(nullif(trim(" ~ relation ~ "." ~ column ~ "), ''), '')") -%}
    {%- endfor -%}
    {%- if parts | length == 1 -%}
        {{ parts[0] }}
    {%- else -%}
        concat_ws(' | ', {{ parts | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#- Whether the row `later` was delivered after the row `earlier`: a later business date, then
    re-delivery seq, then file name, then line, the order in which staging picks deliveries. -#}
{% macro is_later_delivery(later, earlier) -%}
    ({{ later }}.partition_date > {{ earlier }}.partition_date
        or ({{ later }}.partition_date = {{ earlier }}.partition_date
            and ({{ later }}.file_seq > {{ earlier }}.file_seq
                or ({{ later }}.file_seq = {{ earlier }}.file_seq
                    and ({{ later }}.source_file > {{ earlier }}.source_file
                        or ({{ later }}.source_file = {{ earlier }}.source_file
                            and {{ later }}.source_line > {{ earlier }}.source_line))))))
{%- endmacro %}

{#- Every raw row of `extract` to judge, with its lineage, each contract column as trimmed
    text (<column>_text) and as a typed value (<column>). The rows to judge: in an incremental
    build, those of the run's new files (the row rules and duplicate_key_in_file depend on one
    file alone); otherwise, or with `all_files`, every row; with `only_lines` (a CTE with
    columns file_number and source_line), only those lines of any file, picked before anything
    is typed. -#}
{% macro rule_check_typed_rows(extract, only_lines=none, all_files=false, narrowed_by=none) -%}
    {%- set contract = quality_contracts()[extract] -%}
    {%- set zone = var('source_timezones', {}).get(extract) -%}
    {%- set columns = contract.columns | reject('in', contract.pii) | list -%}
    select
        trimmed.*,
        {{ record_key(contract.key) }} as record_key,
        {%- for column in columns %}
        {{ try_typed(column ~ '_text', contract.types.get(column, 'text'), zone) }} as {{ column }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from (
        select
            raw_rows._file as source_file,
            raw_rows._line as source_line,
            raw_rows._partition_date as partition_date,
            raw_rows._file_seq as file_seq,
            raw_rows._loaded_at as loaded_at,
            reference.file_number,
            reference.newest_landed_before,
            {%- for column in columns %}
            nullif(trim(raw_rows.{{ column }}), '') as {{ column }}_text
            {%- if not loop.last %},{% endif %}
            {%- endfor %}

        from {{ source('raw', extract) }} as raw_rows
        left join ({{ newest_landed_before_query(extract) }}) as reference
            on raw_rows._file = reference.source_file
        {%- if only_lines %}
        semi join {{ only_lines }}
            on {{ only_lines }}.file_number = reference.file_number
            and {{ only_lines }}.source_line = raw_rows._line
        {%- elif is_incremental() and not all_files %}
        where {{ is_new_file('raw_rows._file', 'raw_rows._partition_date') }}
        {%- elif narrowed_by %}
        where {{ narrowed_by }}
        {%- endif %}
    ) as trimmed
{%- endmacro %}

{#- SQL for a readable reason: '<extract>: <template> (rule: <says>)'. In the template,
    {column} is the column's text as landed; {name} of any other expression of the typed rows
    is that expression as text. -#}
{% macro reason_sql(extract, template, says) -%}
    {%- set contract = quality_contracts()[extract] -%}
    {%- set parts = modules.re.split('\{([a-z_]+)\}', extract ~ ': ' ~ template ~ ' (rule: ' ~ says ~ ')') -%}
    {%- set pieces = [] -%}
    {%- for part in parts -%}
        {%- if loop.index0 is even -%}
            {%- if part -%}{%- do pieces.append(sql_text(part)) -%}{%- endif -%}
        {%- elif part in contract.pii -%}
            {{ exceptions.raise_compiler_error("a reason must not name the PII column " ~ part ~ " of " ~ extract) }}
        {%- elif part in contract.columns -%}
            {%- do pieces.append("coalesce(" ~ part ~ "_text, 'empty')") -%}
        {%- else -%}
            {%- do pieces.append("coalesce(cast(" ~ part ~ " as varchar), 'empty')") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ pieces | join(' || ') }}
{%- endmacro %}

{#- Where a violation row comes from: the file, line, business date, re-delivery seq and key. -#}
{% macro violation_lineage() -%}
    source_file, source_line, partition_date, file_seq, record_key
{%- endmacro %}

{#- One rule as a select over `typed` (or `from_cte`): the rows where `condition` holds. -#}
{% macro violation(extract, rule, column, template, condition, says, from_cte='typed') -%}
    select
        {{ violation_lineage() }},
        {{ sql_text(rule) }} as rule,
        {% if column %}{{ sql_text(column) }}{% else %}cast(null as varchar){% endif %} as column_name,
        {{ reason_sql(extract, template, says) }} as reason,
        loaded_at

    from {{ from_cte }}
    where {{ condition }}
{%- endmacro %}

{#- One rule for one_pass_violations: the arguments of violation() without extract and from_cte. -#}
{% macro rule_spec(rule, column, template, condition, says) -%}
    {{ return({'rule': rule, 'column': column, 'template': template, 'condition': condition, 'says': says}) }}
{%- endmacro %}

{#- The rows of `typed` that break any of `rules` (rule_spec), one row per broken rule, as the
    union of violation() selects would give them, but in one scan of `typed`: a row that breaks
    a rule carries a list of what it broke, which is unnested. A select per rule re-read (or
    made DuckDB materialize) every raw row once per rule. -#}
{% macro one_pass_violations(extract, rules) -%}
    select
        {{ violation_lineage() }},
        broken.rule,
        broken.column_name,
        broken.reason,
        loaded_at
    from (
        select
            {{ violation_lineage() }},
            loaded_at,
            unnest([
                {%- for r in rules %}
                case when {{ r.condition }} then {
                    'rule': {{ sql_text(r.rule) }},
                    'column_name': {% if r.column %}{{ sql_text(r.column) }}{% else %}cast(null as varchar){% endif %},
                    'reason': {{ reason_sql(extract, r.template, r.says) }}
                } end{% if not loop.last %},{% endif %}
                {%- endfor %}
            ]) as broken
        from typed
        where {% for r in rules %}({{ r.condition }}){% if not loop.last %}
            or {% endif %}{% endfor %}
    ) as judged
    where broken is not null
{%- endmacro %}

{#- The rules every extract shares, judged in one pass over `typed` (one_pass_violations). -#}
{% macro contract_rule_violations(extract) -%}
    {%- set contract = quality_contracts()[extract] -%}
    {%- set zone = var('source_timezones', {}).get(extract) -%}
    {%- set max_days = var('max_backfill_days') | int -%}
    {%- set required = contract.key + ([contract.version] if contract.version and contract.version not in contract.key else []) -%}
    {%- set rules = [] -%}

    {%- do rules.append(rule_spec('stale_file', none,
        "the file's business date {partition_date} is more than " ~ max_days ~ " days before {newest_landed_before}, the newest business date of " ~ extract ~ " landed before it",
        "partition_date < newest_landed_before - " ~ max_days,
        "a file arrives at most var max_backfill_days = " ~ max_days ~ " days behind the newest file of its extract")) -%}

    {%- for column in required -%}
        {%- do rules.append(rule_spec('required_missing', column,
            column ~ " is empty", column ~ "_text is null", column ~ " is required")) -%}
    {%- endfor -%}

    {%- for column, kind in contract.types.items() if kind not in ('text', 'code') -%}
        {%- do rules.append(rule_spec('not_' ~ kind, column,
            column ~ " '{" ~ column ~ "}' is not " ~ type_words(kind),
            column ~ "_text is not null and not " ~ is_well_formed(column, kind),
            column ~ " is " ~ type_words(kind))) -%}
        {%- if kind == 'timestamp' -%}
            {%- set naive = column ~ "_text is not null and " ~ is_well_formed(column, kind) ~ " and not " ~ timestamp_has_offset(column ~ '_text') -%}
            {%- if zone -%}
                {%- do rules.append(rule_spec('local_time_in_dst_gap', column,
                    column ~ " {" ~ column ~ "} does not exist in " ~ zone ~ ": clocks skip it for daylight saving time",
                    naive ~ " and " ~ local_time_in_gap(column ~ '_text', zone),
                    "a naive local time exists in the source timezone")) -%}
            {%- else -%}
                {%- do rules.append(rule_spec('timestamp_without_offset', column,
                    column ~ " {" ~ column ~ "} has no UTC offset and var source_timezones names no timezone for " ~ extract,
                    naive,
                    "timestamps carry an offset unless the source's timezone is configured")) -%}
            {%- endif -%}
            {%- do rules.append(rule_spec('future_timestamp', column,
                column ~ " {" ~ column ~ "} is after the day following the file's business date {partition_date}",
                column ~ " >= cast(partition_date + 2 as timestamptz)",
                "no timestamp later than the business date + 1 day")) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- for column, allowed in contract.value_sets.items() -%}
        {%- set literals = [] -%}
        {%- for value in allowed -%}{%- do literals.append(sql_text(value)) -%}{%- endfor -%}
        {%- do rules.append(rule_spec('value_not_in_set', column,
            column ~ " '{" ~ column ~ "}' is not one of " ~ allowed | join(', '),
            column ~ " is not null and " ~ column ~ " not in (" ~ literals | join(', ') ~ ")",
            column ~ " is one of its values")) -%}
    {%- endfor -%}

    {%- for column, bounds in contract.ranges.items() -%}
        {%- set low = bounds.min -%}
        {%- set high = bounds.max -%}
        {%- set words = 'below ' ~ low if high is none else ('outside ' ~ low ~ '..' ~ high) -%}
        {%- set condition = column ~ ' < ' ~ low ~ ('' if high is none else ' or ' ~ column ~ ' > ' ~ high) -%}
        {%- do rules.append(rule_spec(bounds.rule, column,
            column ~ " {" ~ column ~ "} is " ~ words, "(" ~ condition ~ ")", bounds.says)) -%}
    {%- endfor -%}

    {%- for chain in contract.orders -%}
        {#- neighbours first, so a reason names the two events that are out of order -#}
        {%- set pairs = [] -%}
        {%- for distance in range(1, chain | length) -%}
            {%- for i in range(chain | length - distance) -%}
                {%- do pairs.append((chain[i], chain[i + distance])) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set says = chain | join(' <= ') ~ ' where present' -%}
        {%- for earlier, later in pairs -%}
            {%- set before = [] -%}
            {%- for e, l in pairs[:loop.index0] -%}
                {%- do before.append('coalesce(' ~ e ~ ' > ' ~ l ~ ', false)') -%}
            {%- endfor -%}
            {%- do rules.append(rule_spec('event_order', later,
                later ~ " {" ~ later ~ "} is before " ~ earlier ~ " {" ~ earlier ~ "}",
                earlier ~ " > " ~ later ~ (" and not (" ~ before | join(' or ') ~ ")" if before else ""),
                says)) -%}
        {%- endfor -%}
    {%- endfor -%}

    {{ one_pass_violations(extract, rules) }}
{%- endmacro %}

{#- Key rules, judged on the rows of `typed` that are not in `row_violations`:
    - duplicate_key_in_file: the same version of a key (same key and version column) twice in
      one file is ambiguous: the later line is kept, the others are quarantined. Different
      versions of a key in one file are a change log, not duplicates: the latest wins in staging;
    - overlapping_interval (contracts with no_overlap): a row starting inside another interval of
      the same entity is quarantined. The other interval is one that staging keeps (the winning
      delivery of its key); every delivery of the late-starting key shares its start, so none
      of them reaches staging. Linear, not a range self-join: with the winners of an entity
      sorted by start, a row starts inside some winner iff it starts before the largest end of
      the winners that start strictly before it (a running max); only those rows are then
      joined to their entity's winners to name the latest-starting one they start inside. -#}
{#- The typed value of a column of a row that broke no row rule, cheaper than try_typed: its
    text is known to be well-formed, so a timestamp needs no pattern match, only the offset
    test when naive local times are read in a configured source timezone. -#}
{% macro typed_when_accepted(column, kind, zone) -%}
    {%- if kind == 'timestamp' and not zone -%}
        try_cast({{ column }}_text as timestamptz)
    {%- elif kind == 'timestamp' -%}
        case
            when {{ timestamp_has_offset(column ~ '_text') }} then try_cast({{ column }}_text as timestamptz)
            else timezone({{ sql_text(zone) }}, try_cast({{ column }}_text as timestamp))
        end
    {%- else -%}
        {{ column }}
    {%- endif -%}
{%- endmacro %}

{#- The rows of `rows` (typed rows) that are not in `violations` (source_file, source_line), with
    the narrow columns the key rules judge: lineage, a file number and `columns`, typed. -#}
{% macro accepted_narrow_rows(columns, contract, zone, rows, violations) -%}
    select
        {{ rows }}.file_number,
        {{ rows }}.source_line,
        {{ rows }}.partition_date,
        {{ rows }}.file_seq,
        {%- for column in columns %}
        {{ typed_when_accepted(column, contract.types.get(column, 'text'), zone) }} as {{ column }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ rows }}
    anti join {{ violations }}
        on {{ violations }}.source_file = {{ rows }}.source_file
        and {{ violations }}.source_line = {{ rows }}.source_line
{%- endmacro %}

{#- Pre-hook of the rule-check models in an incremental build: the rows they judge again go, those
    of the run's new files and the overlapping_interval rows of the states whose verdict a new
    file can change (overlap_rejudged_lines). -#}
{% macro forget_rejudged_violations() -%}
    {%- if is_incremental() -%}
    {%- set extract = this.identifier[4:-12] -%} {#- int_<extract>_rule_checks -#}
    {%- set o = quality_contracts().get(extract, {}).get('no_overlap') -%}
    delete from {{ this }} as judged
    where {{ is_new_file('judged.source_file', 'judged.partition_date') }}
    {%- if o %}
        or (
            judged.rule = 'overlapping_interval'
            and (judged.source_file, judged.source_line) in ({{ overlap_rejudged_lines(extract) }})
        )
    {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- The lines (source_file, source_line) of this table's overlapping_interval rows whose state
    is one a new file can change (no_overlap.affected: int_acd_agent_states_affected). Only those
    few raw rows are read and typed: matching typed raw keys with the affected ones first typed
    a year of raw starts (30 s at the large size). -#}
{% macro overlap_rejudged_lines(extract) -%}
    {%- set o = quality_contracts()[extract].no_overlap -%}
    select raw_rows._file, raw_rows._line
    from {{ this }} as overlap_rows
    inner join {{ source('raw', extract) }} as raw_rows
        on raw_rows._file = overlap_rows.source_file
        and raw_rows._line = overlap_rows.source_line
    semi join {{ ref(o.affected) }} as rejudged
        on rejudged.{{ o.entity }} = nullif(trim(raw_rows.{{ o.entity }}), '')
        and rejudged.{{ o.start }} = {{ raw_timestamp('raw_rows.' ~ o.start, extract) }}
    where overlap_rows.rule = 'overlapping_interval'
{%- endmacro %}

{#- SQL for the text dates (text_date_literals) of the window an incremental build judges the
    overlap rule in, or none when no state is affected: from the earliest start of a state still
    running when the earliest affected state starts (found by the text of the end, then typed,
    so a state of any length counts) to the latest end any delivery of an affected state had.
    Queried first and given as literals: as subqueries, every bound was a join over a year of
    raw rows (4 s a night at the large size). -#}
{% macro overlap_window_text_dates(extract, o, affected) -%}
    {%- set ctes = [] -%}
    {%- set rejudged_span -%}
    select
        min({{ o.start }}) as low,
        max(greatest({{ o.start }}, coalesce(latest_{{ o.end }}, {{ o.start }}))) as high
    from {{ affected }}
    {%- endset -%}
    {%- do ctes.append(('rejudged_span', rejudged_span)) -%}
    {%- set rejudged_dates = text_date_literals(ctes, 'select low, high from rejudged_span') -%}
    {%- if rejudged_dates is none -%}{{ return(none) }}{%- endif -%}
    {%- set running_at_low -%}
    select
        {{ raw_timestamp('raw_rows.' ~ o.start, extract) }} as {{ o.start }},
        {{ raw_timestamp('raw_rows.' ~ o.end, extract) }} as {{ o.end }}
    from {{ source('raw', extract) }} as raw_rows
    where {{ text_dated_from('raw_rows.' ~ o.end, rejudged_dates[0]) }}
    {%- endset -%}
    {%- do ctes.append(('running_at_low', running_at_low)) -%}
    {%- set judged_span -%}
    select
        least(
            rejudged_span.low,
            (
                select min(running_at_low.{{ o.start }})
                from running_at_low
                where running_at_low.{{ o.end }} > rejudged_span.low
                    and running_at_low.{{ o.start }} < rejudged_span.high
            )
        ) as low,
        rejudged_span.high
    from rejudged_span
    {%- endset -%}
    {{ return(text_date_literals(ctes, judged_span)) }}
{%- endmacro %}

{% macro key_rule_violations(extract) -%}
    {%- set contract = quality_contracts()[extract] -%}
    {%- set key = contract.key -%}
    {%- set version_order = (contract.version ~ ' desc nulls last, ') if contract.version else '' -%}
    {%- set same_version = key + ([contract.version] if contract.version and contract.version not in key else []) -%}
    {%- set o = contract.no_overlap -%}
    {%- set judged = same_version + ([o.entity, o.start, o.end] if o else []) -%}
    {%- set zone = var('source_timezones', {}).get(extract) -%}
    select * from (
        with

        {# Memory: anti and semi joins are written as such (a correlated not exists became a
            DuckDB delim join, which held every outer row: tens of GB spilled at the large size);
            every CTE over all accepted rows sees only narrow columns (file_number
            stands for the file name, in the same order) and is not materialized (DuckDB would
            hold a CTE used twice in memory); repeats are found by aggregation, which spills,
            and windows run on the few contested keys or the narrow rows. Reasons take their
            text from raw again, typed only for the few rows that broke a rule. #}
        accepted as not materialized (
            {{ accepted_narrow_rows(judged | unique, contract, zone, 'typed', 'row_violations') }}
        ),

        repeated_versions as (
            select file_number, {{ same_version | join(', ') }}, max(source_line) as kept_line
            from accepted
            group by file_number, {{ same_version | join(', ') }}
            having count(*) > 1
        ),

        {#- the later line of a repeated version is kept, the others are repeats -#}
        repeated_in_file as (
            select accepted.file_number, accepted.source_line, repeated_versions.kept_line
            from accepted
            inner join repeated_versions
                on accepted.file_number = repeated_versions.file_number
                {%- for column in same_version %}
                and accepted.{{ column }} is not distinct from repeated_versions.{{ column }}
                {%- endfor %}
            where accepted.source_line < repeated_versions.kept_line
        ),

        repeated_rows as (
            select repeats.*, repeated_in_file.kept_line
            from ({{ rule_check_typed_rows(extract, only_lines='repeated_in_file') }}) as repeats
            inner join repeated_in_file
                on repeats.file_number = repeated_in_file.file_number
                and repeats.source_line = repeated_in_file.source_line
        ),

        duplicates as (
            {{ violation(extract, 'duplicate_key_in_file', none,
                key | join(', ') ~ " {record_key}" ~ (" with the same " ~ contract.version ~ " {" ~ contract.version ~ "}" if contract.version and contract.version not in key else "")
                    ~ " appears again on line {kept_line} of this file, which is kept",
                'true',
                'a version of a key appears once per file; the later line is kept',
                from_cte='repeated_rows') }}
        )

        {%- if o %},

        {#- An incremental build judges the new files' rows (`typed`, `accepted`) but the overlap
            rule compares intervals across files. A new file can change the verdict of the states
            in no_overlap.affected only (int_acd_agent_states_affected: its own states and those
            starting inside one of them): those are judged again, against every state that can
            still run when the earliest of them starts. Only the rows of the files that can hold
            such a state are typed: those whose start lies from the earliest start of a state
            ending after that instant (found by the text of the end, then typed) to the latest
            end of an affected state. The other files' row and duplicate violations, and the
            other states' overlap verdicts, are those already in this table (the pre-hook
            forget_rejudged_violations() removed the new files' rows and the rejudged verdicts);
            an overlap verdict never makes a row unaccepted for judging another. The window is
            queried first (overlap_window_text_dates). -#}
        {%- if is_incremental() %}
        {%- set affected = ref(o.affected) %}

        {%- set window = overlap_window_text_dates(extract, o, affected) %}

        every_file as not materialized (
            {{ rule_check_typed_rows(
                extract,
                all_files=true,
                narrowed_by=text_dated_between('raw_rows.' ~ o.start, window[0], window[1]) if window else 'false'
            ) }}
        ),

        known_violations as (
            select source_file, source_line from {{ this }} where rule <> 'overlapping_interval'
            union all
            select source_file, source_line from row_violations
        ),

        accepted_in_every_file as not materialized (
            {{ accepted_narrow_rows(judged | unique, contract, zone, 'every_file', 'known_violations') }}
        ),
        {%- else %}

        accepted_in_every_file as not materialized (
            select * from accepted
        ),
        {%- endif %}

        unique_in_file as not materialized (
            select * from accepted_in_every_file
            anti join repeated_in_file
                on repeated_in_file.file_number = accepted_in_every_file.file_number
                and repeated_in_file.source_line = accepted_in_every_file.source_line
        ),

        {#- each row, flagged when it is its key's winning delivery (the one staging keeps) -#}
        flagged as not materialized (
            {{ ranked_by_key(
                'unique_in_file',
                key,
                version_order ~ 'partition_date desc, file_seq desc, file_number desc, source_line desc',
                keep='all'
            ) }}
        ),

        {#- per entity, sorted by start: the largest end among the winners that start strictly
            before each row (the frame excludes the row's peers, rows of the same start) -#}
        ends_before as (
            select
                file_number,
                source_line,
                {{ o.entity }},
                {{ o.start }},
                max(case when is_winner then {{ o.end }} end) over (
                    partition by {{ o.entity }}
                    order by {{ o.start }}
                    range between unbounded preceding and current row exclude group
                ) as latest_end_before
            from flagged
            where {{ o.entity }} is not null and {{ o.start }} is not null
        ),

        starting_inside as (
            select file_number, source_line, {{ o.entity }}, {{ o.start }}
            from ends_before
            {%- if is_incremental() %}
            semi join {{ affected }} as rejudged
                on rejudged.{{ o.entity }} = ends_before.{{ o.entity }}
                and rejudged.{{ o.start }} = ends_before.{{ o.start }}
            {%- endif %}
            where latest_end_before > {{ o.start }}
        ),

        {#- the latest-starting winner that each such row starts inside -#}
        overlap_pairs as (
            select
                later.file_number,
                later.source_line,
                earlier.file_number as other_file_number,
                earlier.source_line as other_line
            from starting_inside as later
            inner join flagged as earlier
                on later.{{ o.entity }} = earlier.{{ o.entity }}
                and earlier.{{ o.start }} < later.{{ o.start }}
                and later.{{ o.start }} < earlier.{{ o.end }}
            where earlier.is_winner
            qualify row_number() over (
                partition by later.file_number, later.source_line
                order by earlier.{{ o.start }} desc, earlier.file_number, earlier.source_line
            ) = 1
        ),

        overlapped as (
            select other_file_number as file_number, other_line as source_line from overlap_pairs
        ),

        later_rows as ({{ rule_check_typed_rows(extract, only_lines='overlap_pairs') }}),

        earlier_rows as ({{ rule_check_typed_rows(extract, only_lines='overlapped') }}),

        overlapping as (
            select
                later.*,
                earlier.{{ o.label }}_text as other_{{ o.label }},
                earlier.{{ o.start }}_text as other_{{ o.start }},
                earlier.{{ o.end }}_text as other_{{ o.end }},
                earlier.source_file as other_file,
                earlier.source_line as other_line
            from overlap_pairs
            inner join later_rows as later
                on later.file_number = overlap_pairs.file_number
                and later.source_line = overlap_pairs.source_line
            inner join earlier_rows as earlier
                on earlier.file_number = overlap_pairs.other_file_number
                and earlier.source_line = overlap_pairs.other_line
        ),

        overlap_violations as (
            {{ violation(extract, 'overlapping_interval', o.start,
                o.entity ~ " {" ~ o.entity ~ "} " ~ o.label ~ " {" ~ o.label ~ "} from {" ~ o.start ~ "} starts inside the "
                    ~ "{other_" ~ o.label ~ "} " ~ o.label ~ " {other_" ~ o.start ~ "} to {other_" ~ o.end ~ "} of {other_file} line {other_line}",
                'true',
                'intervals of one ' ~ o.entity ~ ' must not overlap',
                from_cte='overlapping') }}
        )

        select * from duplicates
        union all
        select * from overlap_violations
        {%- else %}

        select * from duplicates
        {%- endif %}
    ) as key_rules
{%- endmacro %}

{# The quarantine columns of each violation CTE, stacked: one row per file, line, rule, column. #}
{% macro union_rule_violations(relations) -%}
    {%- for relation in relations %}
    select
        {{ violation_lineage() }},
        rule,
        column_name,
        reason,
        loaded_at

    from {{ relation }}
    {%- if not loop.last %}

    union all
    {% endif %}
    {%- endfor %}
{%- endmacro %}
