from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register
from sapat.org.access import grants
from sapat.org.models import Role


def _reads(person) -> bool:
    if person.is_authenticated and person.is_superuser:
        return True
    return any(g.role in (Role.RECTOR, Role.COUNCIL, Role.QMS) for g in grants(person))


register(NavItem("reviews", _("Management review"), "reviews:list", _reads, order=45,
                 section="processes"))
