"""Deterministic sample data for callscope: one module per source system, all from one seed."""
