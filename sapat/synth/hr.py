"""The generated university's organisation as the HR department's file.

`sapat generate` writes it beside the database (`--hr-file`), and `organisation_hr_file`
makes it without keeping anything: the organisation is built in a transaction, written
out and rolled back. Importing the file into an empty database gives the same
organisation (sapat/synth/tests/test_hr_file.py).
"""
from __future__ import annotations

import datetime
import random

from django.db import transaction

from sapat.lib.progress import Progress
from sapat.org.hr.workbook import org_export_hr

from . import org
from .scale import Scale
from .world import World
from .writer import Writer


def organisation_hr_file(*, scale: Scale, seed: int, today: datetime.date,
                         lang: str = "ky") -> bytes:
    """The HR file of the organisation `generate(scale, seed)` builds; nothing is kept."""
    world = World(rng=random.Random(seed), today=today, scale=scale,
                  write=Writer(Progress(1, enabled=False)))
    with transaction.atomic():
        org.build(world, "unused")
        content = org_export_hr(lang)
        transaction.set_rollback(True)
    return content
