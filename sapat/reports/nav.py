from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register
from sapat.org.access import Action, may_anywhere


def _may_import(person) -> bool:
    # Heads and directors import their passports; the QMS office also the register.
    return may_anywhere(person, Action.CREATE)


register(NavItem("import", _("Import a passport or register"), "reports:import", _may_import,
                 order=90, section="reports"))
