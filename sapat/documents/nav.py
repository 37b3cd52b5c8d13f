from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register
from sapat.org.access import Action, may_anywhere


def _reads(person) -> bool:
    return may_anywhere(person, Action.READ)


register(NavItem("documents", _("Documents"), "documents:register", _reads, order=45,
                 section="processes"))
