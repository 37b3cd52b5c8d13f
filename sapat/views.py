"""Pages that belong to no single app: home, style guide, record history."""
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from sapat.lib.db_silence import HEALTH_ANSWER_SECONDS, answer_within
from sapat.org.access import Action, grants, require
from sapat.org.models import Role, RoleAssignment

# The home page lists this many items of the inbox; the rest are a click away.
INBOX_ON_HOME = 10


@login_required
def home(request):
    """What waits for the person, then their dashboards by level (Appendix 7)."""
    from sapat.dashboards.home import dashboards_for, policy_status
    from sapat.inbox.registry import items_for

    assignments = RoleAssignment.objects.filter(person=request.user).select_related("unit")
    inbox = items_for(request.user)
    return render(request, "home.html", {
        "inbox": inbox[:INBOX_ON_HOME], "inbox_count": len(inbox), "inbox_count_known": True,
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
    # Who reads the record reads its history: by default whoever reads its unit; a record
    # with its own reading rules says so in `history_readable_by`, which then decides (an
    # auditor reads the audits they are on wherever the audited unit is; an audit's
    # gradings are hidden from the audited unit until the report is issued).
    readable = getattr(obj, "history_readable_by", None)
    if readable is None:
        require(request.user, Action.READ, obj.access_unit)
    elif not readable(request.user):
        raise Http404
    return render(request, "history.html", {
        "object": obj, "model_name": model_class._meta.verbose_name,
        "title": _("History"),
    })


def health(request):
    """For load balancers: 200 when the database answers (within a few seconds: a silent
    database is away, sapat.lib.db_silence)."""
    with answer_within(HEALTH_ANSWER_SECONDS), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
