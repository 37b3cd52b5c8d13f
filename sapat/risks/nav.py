from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register
from sapat.org.access import Action, may_anywhere, may_configure


def _reads_risks(person) -> bool:
    return may_anywhere(person, Action.READ)


def _signed_in(person) -> bool:
    return person.is_authenticated


register(NavItem("risk-passport", _("Risk passport"), "risks:passport_home", _reads_risks,
                 order=20))
register(NavItem("my-measures", _("My measures"), "risks:my_measures", _signed_in, order=25))
# The registers, the heat map and the scale; keys as `sapat.lib.nav.SECTION_OF` places them.
register(NavItem("register", _("University register"), "risks:register", _reads_risks,
                 order=21))
register(NavItem("consolidated", _("Consolidated register"), "risks:consolidated",
                 _reads_risks, order=22))
register(NavItem("heatmap", _("Heat map"), "risks:heatmap", _reads_risks, order=23))
register(NavItem("scale", _("Risk scale"), "risks:scale", may_configure, order=85))
