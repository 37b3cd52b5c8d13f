"""Load the JASU regulation (organisation, processes, policy, glossary) as demo data.

Idempotent: a second run changes nothing. Demo people (password "demo") are created
only in demo mode, never under production settings.
"""
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the JASU regulation as demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true",
                            help="Do not print the demo logins.")

    def handle(self, *args, quiet_logins=False, **options):
        report = load_demo()
        if not report.changed_anything:
            self.stdout.write(self.style.SUCCESS(_("The demo data was already up to date.")))
        for label, n in sorted(report.created.items()):
            self.stdout.write(f"  + {n} {label}")
        for label, n in sorted(report.updated.items()):
            self.stdout.write(f"  ~ {n} {label}")
        if not settings.SAPAT_DEMO:
            self.stdout.write(_("Production settings: no demo people were created."))
        elif not quiet_logins:
            print_logins(self.stdout, report.people)


def print_logins(out, people) -> None:
    out.write("")
    out.write(_("Demo logins (password: %(pw)s):") % {"pw": DEMO_PASSWORD})
    for username, full_name, role in people:
        out.write(f"  {username:<10} {full_name}  ({role})")
