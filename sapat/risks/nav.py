from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register
from sapat.org.access import Action, may_anywhere


def _reads_risks(person) -> bool:
    return may_anywhere(person, Action.READ)


def _signed_in(person) -> bool:
    return person.is_authenticated


register(NavItem("risk-passport", _("Risk passport"), "risks:passport_home", _reads_risks,
                 order=20))
register(NavItem("my-measures", _("My measures"), "risks:my_measures", _signed_in, order=25))
