"""Dagster definitions, one folder per area: ingest, transform, quality, publish."""
