from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register


def _signed_in(person) -> bool:
    return person.is_authenticated


register(NavItem("processes", _("Process map"), "processes:map", _signed_in, order=10))
register(NavItem("kpis", _("KPIs"), "processes:kpis", _signed_in, order=12))
register(NavItem("objectives", _("Quality objectives"), "processes:objectives", _signed_in,
                 order=14))
register(NavItem("policy", _("Quality policy"), "processes:policy", _signed_in, order=70))
