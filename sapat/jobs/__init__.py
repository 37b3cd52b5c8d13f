"""Background jobs: long work as plain functions that a queue runs (architecture.md).

- `registry`: apps register their job functions (`JobKind`); it imports no app.
- `services.job_start`: queue one for a person; `job_recover_stale`, `job_purge`: upkeep.
- `runner`: one attempt, with progress, heartbeat, lease fence; `run_here` for the CLI.
- `tasks.run_job`: the task Django's tasks interface (django-tasks) queues.
- views: a job's page (htmx progress), "My downloads"; `sapat worker` runs the queue.
"""
