from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register


def _signed_in(person) -> bool:
    return person.is_authenticated


register(NavItem("integrated", _("Integrated table"), "dashboards:integrated", _signed_in,
                 order=16))
