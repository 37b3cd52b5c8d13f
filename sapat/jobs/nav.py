from django.utils.translation import gettext_lazy as _

from sapat.lib.nav import NavItem, register


def _signed_in(person) -> bool:
    return bool(getattr(person, "is_authenticated", False))


register(NavItem("my-downloads", _("My downloads"), "jobs:mine", _signed_in, order=26,
                 section="start"))
