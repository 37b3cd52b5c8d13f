from django.conf import settings

from sapat.lib.nav import items_for


def navigation(request):
    """The menu entries this person may use, and the university's name for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "sapat_demo": settings.SAPAT_DEMO}
    return {"nav_items": items_for(user), "sapat_demo": settings.SAPAT_DEMO}
