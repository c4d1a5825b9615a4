{#- Data tests in an incremental build (docs/decisions.md, "Late and corrected data"). A test on
    a table that the incremental build changes by reporting day opts in with
        config: {where: "__affected_reporting_span__ <column>"}
    and then judges, in an incremental build (var incremental), only the rows whose UTC instant
    `column` can fall on an affected reporting day: the rows the build deleted and appended
    again. The other rows were judged when they were built and have not changed since. A full
    build judges every row. Any other `where` works as in dbt. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where and where.startswith('__affected_reporting_span__') -%}
        {%- if var('incremental', none) is none -%}
            {{ return(relation) }}
        {%- endif -%}
        {%- set column = where.split()[1] -%}
        {%- set affected = int_dates_affected_node() -%}
        {#- the tested model must be built after int_dates_affected, or tonight's rows could lie
            outside last night's dates -#}
        {%- set ns = namespace(after_affected=false) -%}
        {%- for node_id in model.depends_on.nodes if node_id in graph.nodes -%}
            {%- if affected.unique_id in graph.nodes[node_id].depends_on.nodes -%}
                {%- set ns.after_affected = true -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not ns.after_affected -%}
            {{ exceptions.raise_compiler_error(model.name ~ ": __affected_reporting_span__ needs a model that depends on int_dates_affected") }}
        {%- endif -%}
        {%- set where = within_affected_span(column, 'reporting', api.Relation.create(
            database=affected.database, schema=affected.schema, identifier=affected.alias
        )) -%}
    {%- endif -%}
    {%- if where -%}
        {{ return("(select * from " ~ relation ~ " where " ~ where ~ ") as dbt_subquery") }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#- int_dates_affected's node, from the graph: a generic test does not depend on it, so it
    cannot ref() it; the model it tests does (checked above), so it is built first. -#}
{% macro int_dates_affected_node() -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == 'int_dates_affected' -%}
        {{ return(node) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("int_dates_affected is not in the graph") }}
{%- endmacro %}
