from django.conf import settings

from sapat.lib.nav import items_for, sections_for


def navigation(request):
    """The menu this person may use, and whether the demo banner shows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": [], "sapat_demo": settings.SAPAT_DEMO}
    return {"nav_items": items_for(user), "nav_sections": sections_for(user),
            "sapat_demo": settings.SAPAT_DEMO}
