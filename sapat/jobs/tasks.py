"""The one task the queue knows: "run attempt N of job X".

Written against Django's tasks interface (`django_tasks`, the backport of Django 6's
`django.tasks`): moving to Django 6 changes this import and nothing else. Which engine
runs it — the database queue or RQ on Redis — is `TASKS` in the settings.
"""
try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task


@task()
def run_job(job_id: str, attempt: int) -> str:
    from .runner import run

    return run(job_id, attempt)
