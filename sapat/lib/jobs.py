"""The backup as a background job: an administrator's "Make a backup" on "My downloads"
(the same `sapat.lib.backup.backup` that `sapat backup FILE` runs)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.jobs.registry import JobKind, register
from sapat.jobs.runner import JobError


def backup_job(ctx) -> dict:
    from .backup import backup

    if not getattr(ctx.person, "is_superuser", False):
        raise JobError(_("Only an administrator may make a backup."))
    ctx.progress(0, 0, _("Writing the records"))
    with tempfile.TemporaryDirectory(prefix="sapat-backup-") as folder:
        path = Path(folder) / "backup.zip"
        summary = backup(path, progress=ctx.progress)
        name = f"sapat-{timezone.localtime():%Y-%m-%d-%H%M}.zip"
        ctx.save_file(name, path.read_bytes(), "application/zip")
    return {"records": sum(summary.rows.values()), "files": summary.files}


register(JobKind("backup", backup_job, title=lambda params: _("Backup of the whole database")))
