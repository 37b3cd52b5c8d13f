"""`sapat import org FILE [FILE…] [--dry-run]`: the screen's checks and fates, in the
terminal; nothing is saved unless every row is right."""
from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .commit import org_import_commit
from .planning import Fate, org_import_plan

MARKS = {Fate.NEW: "+", Fate.CHANGED: "~", Fate.UNCHANGED: "=", Fate.LEAVING: "-"}
# The part of the organisation a row is in, in the language of the messages (the file's own
# sheet names may be in another: a Russian line must not start with «Бөлүмдөр»).
PARTS = {"units": gettext_lazy("Units"), "positions": gettext_lazy("Positions"),
         "people": gettext_lazy("People")}


def run(*, paths: list[str], person, dry_run: bool, stdout, stderr, verbose: bool = False):
    files = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        files.append((path.name, path.read_bytes()))
    try:
        plan = org_import_plan(files=files, by=person)
    except PermissionDenied as exc:
        raise CommandError(_("%(person)s may not import the organisation.") % {
            "person": person}) from exc
    for key, rows in (("units", plan.units), ("positions", plan.positions),
                      ("people", plan.people)):
        for row in rows:
            if row.fate == Fate.UNCHANGED and not row.errors and not verbose:
                continue
            mark = "!" if row.errors else MARKS[row.fate]
            label = getattr(row, "full_name", "") or getattr(row, "name", "")
            changes = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in row.changes)
            stdout.write(f"{mark} {PARTS[key]}:{row.line:<5} {label}"
                         + (f"  ({changes})" if changes else ""))
    for leaving in plan.leaving_units + plan.leaving_people:
        work = len(leaving.open_work)
        stdout.write(f"- {leaving.label} ({leaving.unit})"
                     + (_("  — open work: %(n)s") % {"n": work} if work else ""))
    for note in plan.notes:
        stdout.write(note)
    problems = plan.messages() if not plan.ok else []
    for message in problems:
        stderr.write(message)
    if problems:
        raise CommandError(_("%(n)s problem(s); nothing was saved.") % {"n": len(problems)})
    counts = plan.counts()
    summary = _(
        "Units: %(un)s new, %(uc)s changed, %(uu)s unchanged, %(ul)s closing. Positions: "
        "%(pn)s new, %(pc)s changed, %(pu)s unchanged. People: %(nn)s new, %(nc)s changed, "
        "%(nu)s unchanged, %(nl)s leaving."
    ) % {"un": counts["units"]["new"], "uc": counts["units"]["changed"],
         "uu": counts["units"]["unchanged"], "ul": counts["units"]["leaving"],
         "pn": counts["positions"]["new"], "pc": counts["positions"]["changed"],
         "pu": counts["positions"]["unchanged"], "nn": counts["people"]["new"],
         "nc": counts["people"]["changed"], "nu": counts["people"]["unchanged"],
         "nl": counts["people"]["leaving"]}
    stdout.write(summary)
    if dry_run:
        stdout.write(_("Dry run: nothing was saved."))
        return plan, None
    try:
        result = org_import_commit(plan=plan, by=person)
    except (ValidationError, PermissionDenied) as exc:
        raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
    stdout.write(_("Saved."))
    return plan, result
