"""Pages that belong to no single app: home, style guide, record history."""
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from sapat.org.access import Action, grants, require
from sapat.org.models import Role, RoleAssignment


@login_required
def home(request):
    """The person's dashboards by level (Appendix 7), under the greeting and their roles."""
    from sapat.dashboards.home import dashboards_for, policy_status

    assignments = RoleAssignment.objects.filter(person=request.user).select_related("unit")
    return render(request, "home.html", {
        "assignments": assignments,
        "roles": {g.role for g in grants(request.user)},
        "Role": Role,
        "panels": dashboards_for(request.user),
        **policy_status(request.user),
    })


@login_required
def styleguide(request):
    from sapat.org.forms import UnitForm

    return render(request, "styleguide.html", {"form": UnitForm(), "section": "styleguide"})


@login_required
def history(request, model: str, pk: int):
    """The change history of any record the person may read."""
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if not hasattr(model_class, "history") or not hasattr(model_class, "access_unit"):
        raise Http404
    manager = getattr(model_class, "all_objects", model_class._base_manager)
    obj = get_object_or_404(manager, pk=pk)
    require(request.user, Action.READ, obj.access_unit)
    return render(request, "history.html", {
        "object": obj, "model_name": model_class._meta.verbose_name,
        "title": _("History"),
    })


def health(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
