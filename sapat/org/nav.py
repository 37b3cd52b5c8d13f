from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register

from .access import may_configure


def _signed_in(person) -> bool:
    return person.is_authenticated


register(NavItem("home", _("Home"), "home", _signed_in, order=0))
register(NavItem("org", _("Organisation"), "org:units", may_configure, order=80))
register(NavItem("glossary", _("Glossary"), "org:glossary", _signed_in, order=90))
