from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register


def _signed_in(person) -> bool:
    return person is not None and person.is_authenticated


register(NavItem("meetings", _("Meetings"), "meetings:list", _signed_in, order=45))
