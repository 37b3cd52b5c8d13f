from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from .registry import items_for


@login_required
def inbox(request):
    """Everything that waits for the person, each item linked to where it is done."""
    items = items_for(request.user)
    return render(request, "inbox/list.html", {
        "inbox": items, "inbox_count": len(items), "inbox_count_known": True,
        "title": _("What waits for you"), "section": "inbox",
    })


@login_required
def count(request):
    """The menu's count, fetched after the page so that no page pays for it."""
    return render(request, "inbox/_count.html", {"inbox_count": len(items_for(request.user))})
