"""callscope: contact-center analytics pipeline (Dagster + dbt + DuckDB + Great Expectations)."""
