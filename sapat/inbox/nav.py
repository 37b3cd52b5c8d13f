from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register


def _signed_in(person) -> bool:
    return person.is_authenticated


register(NavItem("inbox", _("What waits for you"), "inbox:list", _signed_in, order=2,
                 section="start"))
