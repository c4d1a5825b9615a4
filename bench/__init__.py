"""callscope benchmark: simulate a centre, run the pipeline, compare with one hand-written query."""
