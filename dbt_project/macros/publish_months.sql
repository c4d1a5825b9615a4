{#- The months of a mart that an incremental build rewrote, for the publish
    (orchestration/lib/publish_scope.py, docs/decisions.md "Publishing"): the months, of the
    chunk column the publish chunks the mart by, of the rows of `this` where `condition` holds,
    appended to build_state.rebuilt_months. A mart rebuilt by key calls it with its own scope
    before its delete (the months of the rows that go) and after its insert (of the rows that
    came); the publish then hashes only those months of it. Nothing in a full build: after one
    the publish hashes everything. -#}
{% macro record_rebuilt_months(chunk_column, condition) -%}
    {%- if is_incremental() -%}
    create schema if not exists build_state;
    create table if not exists build_state.rebuilt_months (mart varchar, month varchar);
    insert into build_state.rebuilt_months
    select distinct
        {{ sql_text(this.identifier) }},
        coalesce(strftime(built.{{ chunk_column }}, '%Y-%m'), 'none')
    from {{ this }} as built
    where {{ condition }}
    {%- endif -%}
{%- endmacro %}
