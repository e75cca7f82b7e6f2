"""castiron-tune: a schedule search over each dispatch's codegen configurations.

A model's distinct dispatches (by structural key) each get a search space of configurations
(space.py); candidates are compiled in parallel, measured one at a time in a child process
(measure.py) on the local machine or on Ray nodes whose CPU matches the target (ray_backend.py),
checked against the heuristic default's output, and recorded in a SQLite database
(database.py) that `castiron-compile --tuning-db` reads back. See docs/tuning.md.
"""
