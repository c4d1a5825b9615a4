{#- Data tests in an incremental build (docs/decisions.md, "Late and corrected data"). A test on
    a table that the incremental build changes in part opts in with a `where` config marker, and
    then judges, in an incremental build (macro incremental_plan), only the rows that build deleted and
    appended again (with the other rows that share a key with them, for a uniqueness test). The
    other rows were judged when they were built and have not changed since. A full build judges
    every row. Any other `where` works as in dbt.
      __affected_reporting_span__ <column>
          the rows whose UTC instant `column` can fall on an affected reporting day (a row-level
          test on a table rebuilt by reporting day);
      __rebuilt_keys__ <scope>
          every row of a key (the test's column_name or combination_of_columns) that a row the
          build wrote has: a uniqueness test, since a duplicate involves a row written tonight
          (keys whose rows all predate the build were unique when last tested; a failed test
          keeps the build state, so the next build judges those keys again). The rows the build
          wrote are those of rebuilt_rows_condition(scope).
      __rebuilt_rows__ <scope>
          the rows of rebuilt_rows_condition(scope): a row-level test (accepted_values) on a
          table rebuilt by key.
    The tested model must depend on the model the marker reads, so that this build's version of
    it is read. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where and where.startswith('__') and incremental_plan() is none -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- if where and where.startswith('__affected_reporting_span__') -%}
        {%- set column = where.split()[1] -%}
        {%- set where = within_affected_span(column, 'reporting', scope_relation('int_dates_affected')) -%}
    {%- elif where and where.startswith('__rebuilt_rows__') -%}
        {%- set where = rebuilt_rows_condition(where.split()[1]) -%}
    {%- elif where and where.startswith('__rebuilt_keys__') -%}
        {%- set kwargs = model.test_metadata.kwargs -%}
        {%- set key = kwargs.get('combination_of_columns') or [kwargs.get('column_name')] -%}
        {%- set where -%}
        ({{ key | join(', ') }}) in (
            select {{ key | join(', ') }} from {{ relation }}
            where {{ rebuilt_rows_condition(where.split()[1]) }}
        )
        {%- endset -%}
    {%- endif -%}
    {%- if where -%}
        {{ return("(select * from " ~ relation ~ " where " ~ where ~ ") as dbt_subquery") }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#- Which rows of a model an incremental build wrote, as a condition on its columns, by scope:
      agent_states_affected  the agent states of int_acd_agent_states_affected (staging)
      queue_local_dates      the queue-local days of int_dates_affected
      reporting_dates        the reporting days of int_dates_affected
      contacts_affected      the initial contacts of int_contacts_affected
      customers_affected     the customers of int_customers_affected
      touched:<extract>      the keys the run's files of <extract> deliver (touched_keys_query),
                             which its staging model stages again; not for acd_agent_states,
                             whose keys are agent_states_affected -#}
{% macro rebuilt_rows_condition(scope) -%}
    {%- if scope == 'agent_states_affected' -%}
    (agent_id, started_at) in (select agent_id, started_at from {{ scope_relation('int_acd_agent_states_affected') }})
    {%- elif scope in ['queue_local_dates', 'reporting_dates'] -%}
    local_date in {{ affected_dates(scope.replace('_dates', ''), scope_relation('int_dates_affected')) }}
    {%- elif scope == 'contacts_affected' -%}
    initial_contact_id in (select initial_contact_id from {{ scope_relation('int_contacts_affected') }})
    {%- elif scope == 'customers_affected' -%}
    customer_id in (select customer_id from {{ scope_relation('int_customers_affected') }})
    {%- elif scope.startswith('touched:') and scope[8:] in quality_contracts() -%}
    {%- if quality_contracts()[scope[8:]].no_overlap -%}
        {{ exceptions.raise_compiler_error("__rebuilt_*__ " ~ scope ~ ": use scope agent_states_affected") }}
    {%- endif -%}
    {{ has_touched_key(scope[8:]) }}
    {%- else -%}
    {{ exceptions.raise_compiler_error("__rebuilt_keys__/__rebuilt_rows__: no scope " ~ scope) }}
    {%- endif -%}
{%- endmacro %}

{#- The relation of the model `name` that a test's scope reads. A generic test does not depend on
    it, so it cannot ref() it: it comes from the graph, and the tested model must depend on it
    directly (then it is built first, and this build's rows are judged against this build's
    scope, not the last one's). -#}
{% macro scope_relation(name) -%}
    {%- set ns = namespace(node=none, after=false) -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == name -%}
        {%- set ns.node = node -%}
    {%- endfor -%}
    {%- if ns.node is none -%}
        {{ exceptions.raise_compiler_error(name ~ " is not in the graph") }}
    {%- endif -%}
    {%- for node_id in model.depends_on.nodes if node_id in graph.nodes -%}
        {%- if ns.node.unique_id in graph.nodes[node_id].depends_on.nodes -%}
            {%- set ns.after = true -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not ns.after -%}
        {{ exceptions.raise_compiler_error(model.name ~ ": its scope needs a model that depends on " ~ name) }}
    {%- endif -%}
    {{ return(api.Relation.create(
        database=ns.node.database, schema=ns.node.schema, identifier=ns.node.alias
    )) }}
{%- endmacro %}
