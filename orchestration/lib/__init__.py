"""Plain helpers without Dagster imports, unit-testable alone."""
