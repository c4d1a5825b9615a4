{#- PII leaves staging only as sha256(salt || value): equal values still join, the value is gone.
    The salt is the var pii_salt, else the environment variable CALLSCOPE_PII_SALT, else ''.
    A null value stays null. -#}
{% macro pseudonymize(column) -%}
    {%- set salt = var('pii_salt', env_var('CALLSCOPE_PII_SALT', '')) or '' -%}
    sha256({{ dbt.string_literal(salt) }} || {{ column }})
{%- endmacro %}
