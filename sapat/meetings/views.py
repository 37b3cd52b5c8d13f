"""Screens of meetings: the list, a meeting with its agenda, attendance, documents,
minutes and decisions, the decision register, and a decision's progress."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sapat.lib.form_errors import errors_to_form
from sapat.lib.locking import StaleRecord, save_form
from sapat.lib.uploads import attachment_response
from sapat.org.access import Action, units_in_scope
from sapat.org.models import Position
from sapat.risks.views_pickers import people_answer

from . import permissions, services
from .forms import (
    AgendaForm,
    AttendanceForm,
    BodyForm,
    CompleteForm,
    DecisionForm,
    DocumentForm,
    MeetingForm,
    RegisterFilter,
    people,
)
from .models import AgendaItem, Attendance, Body, Decision, Meeting, MeetingDocument
from .register import bodies_for, filtered_decisions

SECTION = "meetings"


@login_required
@require_GET
def people_search(request):
    """The meeting forms' people picker: anyone active (`forms.people()`), found by name;
    only for those who record meetings or keep the bodies."""
    if not (permissions.may_record_somewhere(request.user)
            or permissions.may_configure_bodies(request.user)):
        raise PermissionDenied
    return people_answer(request, people())


@login_required
def meeting_list(request):
    meetings = (permissions.meetings_visible_to(request.user)
                .select_related("body__unit")
                .annotate(n_decisions=Count("decisions", filter=Q(
                    decisions__archived_at__isnull=True)))
                .order_by("-held_on", "-pk"))
    body = request.GET.get("body")
    if body and body.isdigit():
        meetings = meetings.filter(body_id=int(body))
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return render(request, "meetings/list.html", {
        "page_obj": page, "meetings": page.object_list, "section": SECTION,
        "title": _("Meetings"),
        "may_create": permissions.bodies_for_new_meeting(request.user).exists(),
        "may_configure_bodies": permissions.may_configure_bodies(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    bodies = permissions.bodies_for_new_meeting(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, bodies=bodies,
                       initial={"body": request.GET.get("body"),
                                "held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("body", "version")}
        try:
            meeting = services.meeting_create(by=request.user, body=form.cleaned_data["body"],
                                              **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting is added."))
            return redirect(meeting)
    return render(request, "meetings/form.html", {
        "form": form, "title": _("New meeting"), "section": SECTION,
        "cancel": "meetings:list"})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = permissions.meeting_for(request.user, pk)
    permissions.require_record(request.user, meeting)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and save_form(request, form):
        return redirect(meeting)
    return render(request, "meetings/form.html", {
        "form": form, "object": meeting, "title": _("Meeting and minutes"),
        "section": SECTION, "cancel_url": meeting.get_absolute_url()})


@login_required
def meeting_detail(request, pk):
    meeting = permissions.meeting_for(request.user, pk)
    agenda = list(meeting.agenda.live().select_related("speaker"))
    attendance = list(meeting.attendance.select_related("person"))
    documents = list(meeting.documents.live())
    decisions = list(
        meeting.decisions.live().select_related("responsible_unit")
        .prefetch_related("responsible_people",
                          Prefetch("responsible_positions",
                                   Position.objects.select_related("unit"))))
    may_record = permissions.may_record(request.user, meeting)
    return render(request, "meetings/meeting.html", {
        "meeting": meeting, "agenda": agenda, "attendance": attendance,
        "present": sum(1 for a in attendance if a.present),
        "documents": documents, "decisions": decisions, "may_record": may_record,
        "agenda_form": AgendaForm(prefix="agenda") if may_record else None,
        "attendance_form": AttendanceForm(prefix="att") if may_record else None,
        "document_form": DocumentForm(prefix="doc") if may_record else None,
        "today": timezone.localdate(), "section": SECTION, "title": str(meeting),
    })


def _recorded(request, pk) -> Meeting:
    meeting = permissions.meeting_for(request.user, pk)
    permissions.require_record(request.user, meeting)
    return meeting


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}: {e}" if label else e)


@login_required
@require_POST
def agenda_add(request, pk):
    meeting = _recorded(request, pk)
    form = AgendaForm(request.POST, prefix="agenda")
    if form.is_valid():
        services.agenda_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        _form_errors(request, form)
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@login_required
@require_POST
def agenda_remove(request, pk, item):
    meeting = _recorded(request, pk)
    row = get_object_or_404(AgendaItem.objects.live(), pk=item, meeting=meeting)
    services.agenda_archive(item=row, by=request.user)
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@login_required
@require_POST
def attendance_set(request, pk):
    meeting = _recorded(request, pk)
    form = AttendanceForm(request.POST, prefix="att")
    if form.is_valid():
        services.attendance_set(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        _form_errors(request, form)
    return redirect(f"{meeting.get_absolute_url()}#attendance")


@login_required
@require_POST
def attendance_remove(request, pk, row):
    meeting = _recorded(request, pk)
    record = get_object_or_404(Attendance, pk=row, meeting=meeting)
    services.attendance_remove(row=record, by=request.user)
    return redirect(f"{meeting.get_absolute_url()}#attendance")


@login_required
@require_POST
def document_add(request, pk):
    meeting = _recorded(request, pk)
    form = DocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        try:
            services.document_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        _form_errors(request, form)
    return redirect(f"{meeting.get_absolute_url()}#documents")


@login_required
def document_download(request, pk, doc):
    meeting = permissions.meeting_for(request.user, pk)
    record = get_object_or_404(MeetingDocument.objects.live(), pk=doc, meeting=meeting)
    return attachment_response(record.file)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    meeting = _recorded(request, pk)
    n = meeting.decisions.live().count() + 1
    form = DecisionForm(request.POST or None, meeting=meeting,
                        instance=Decision(meeting=meeting), initial={"number": str(n)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        people = data.pop("responsible_people")
        positions = data.pop("responsible_positions")
        try:
            services.decision_create(meeting=meeting, by=request.user, people=people,
                                     positions=positions, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(f"{meeting.get_absolute_url()}#decisions")
    return render(request, "meetings/form.html", {
        "form": form, "object": meeting, "title": _("New decision"), "section": SECTION,
        "cancel_url": meeting.get_absolute_url()})


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = permissions.decision_for(request.user, pk)
    permissions.require_record(request.user, decision.meeting)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and save_form(request, form):
        return redirect("meetings:decision", pk=decision.pk)
    return render(request, "meetings/form.html", {
        "form": form, "object": decision, "title": _("Edit the decision"), "section": SECTION,
        "cancel_url": decision.meeting.get_absolute_url()})


@login_required
def decision_detail(request, pk):
    decision = permissions.decision_for(request.user, pk)
    may_progress = permissions.may_progress(request.user, decision)
    form = CompleteForm(initial={"completed_on": timezone.localdate(),
                                 "version": decision.version}) if may_progress else None
    return render(request, "meetings/decision.html", {
        "decision": decision, "meeting": decision.meeting, "form": form,
        "may_progress": may_progress,
        "may_record": permissions.may_record(request.user, decision.meeting),
        "section": SECTION, "title": str(decision)})


@login_required
@require_POST
def decision_complete(request, pk):
    decision = permissions.decision_for(request.user, pk)
    permissions.require_progress(request.user, decision)
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.decision_complete(
                decision=decision, by=request.user, expected_version=form.cleaned_data["version"],
                on=form.cleaned_data["completed_on"], result=form.cleaned_data["result"],
                evidence=form.cleaned_data["evidence"])
        except StaleRecord:
            form.add_error(None, _("Someone changed the decision meanwhile; look again."))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The decision is done."))
            return redirect("meetings:decision", pk=decision.pk)
    return render(request, "meetings/decision.html", {
        "decision": decision, "meeting": decision.meeting, "form": form,
        "may_progress": True,
        "may_record": permissions.may_record(request.user, decision.meeting),
        "section": SECTION, "title": str(decision)}, status=400)


@login_required
@require_POST
def decision_status(request, pk):
    decision = permissions.decision_for(request.user, pk)
    permissions.require_progress(request.user, decision)
    try:
        services.decision_set_status(
            decision=decision, by=request.user, status=request.POST.get("status", ""),
            expected_version=int(request.POST.get("version") or 0))
    except StaleRecord:
        messages.error(request, _("Someone changed the decision meanwhile; look again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("meetings:decision", pk=decision.pk)


@login_required
def decision_evidence(request, pk):
    decision = permissions.decision_for(request.user, pk)
    if not decision.evidence:
        raise PermissionDenied
    return attachment_response(decision.evidence)


@login_required
def register(request):
    """Decisions across meetings, with filters and exports."""
    bodies = bodies_for(request.user)
    form = RegisterFilter(request.GET or None, bodies=bodies,
                          units=units_in_scope(request.user).order_by("path"))
    params = {k: v for k, v in request.GET.items() if k in ("body", "status", "overdue",
                                                           "unit") and v}
    decisions = filtered_decisions(request.user, params)
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return render(request, "meetings/register.html", {
        "form": form, "page_obj": page, "decisions": page.object_list, "query": query,
        "today": timezone.localdate(), "section": SECTION, "title": _("Decision register"),
        "bodies": Body.objects.none(),
    })


@login_required
def body_list(request):
    """The bodies the QMS office keeps, with how many meetings each has had."""
    if not permissions.may_configure_bodies(request.user):
        raise PermissionDenied
    bodies = (permissions.bodies_configured_by(request.user)
              .select_related("unit", "secretary")
              .annotate(n_members=Count("members", distinct=True),
                        n_meetings=Count("meetings", distinct=True,
                                         filter=Q(meetings__archived_at__isnull=True))))
    return render(request, "meetings/bodies.html", {
        "bodies": bodies, "title": _("Bodies"), "section": SECTION})


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request):
    if not permissions.may_configure_bodies(request.user):
        raise PermissionDenied
    form = BodyForm(request.POST or None,
                    units=units_in_scope(request.user, Action.CONFIGURE))
    if request.method == "POST" and save_form(request, form):
        return redirect("meetings:bodies")
    return render(request, "meetings/form.html", {
        "form": form, "title": _("New body"), "section": SECTION,
        "cancel_url": reverse("meetings:bodies")})


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request, pk):
    body = get_object_or_404(permissions.bodies_configured_by(request.user), pk=pk)
    form = BodyForm(request.POST or None, instance=body,
                    units=units_in_scope(request.user, Action.CONFIGURE))
    if request.method == "POST" and save_form(request, form):
        return redirect("meetings:bodies")
    return render(request, "meetings/form.html", {
        "form": form, "object": body, "title": _("Body"), "section": SECTION,
        "cancel_url": reverse("meetings:bodies"),
        "archive_url": reverse("meetings:body_archive", args=[body.pk])})


@login_required
@require_POST
def body_archive(request, pk):
    body = get_object_or_404(permissions.bodies_configured_by(request.user), pk=pk)
    services.body_archive(body=body, by=request.user)
    messages.success(request, _("The body is archived: no new meetings of it; its meetings "
                                "and decisions stay."))
    return redirect("meetings:bodies")
