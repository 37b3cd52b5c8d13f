"""Internal audit screens: programmes (list, calendar, priorities, approval), audits (plan,
checklist, grading, report), the auditor pool and conflict declarations.

Every view asks `permissions` first; every write goes through `services`.
"""

from __future__ import annotations

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sapat.lib.form_errors import errors_to_form
from sapat.lib.locking import StaleRecord
from sapat.lib.uploads import attachment_response
from sapat.org.access import Action, may_anywhere

from . import checklist, permissions, priority, services
from .forms import (
    AcknowledgeForm,
    AuditForm,
    ConflictForm,
    EvidenceFileForm,
    FindingForm,
    ProgrammeForm,
    QualificationForm,
    QuestionForm,
    ReportForm,
    ReviseForm,
)
from .models import (
    Audit,
    AuditorQualification,
    AuditProgramme,
    ChecklistQuestion,
    ConflictDeclaration,
    Finding,
    FindingFile,
)

SECTION = "audits"


def _attempt(request, call, *, success: str = "", **kwargs) -> bool:
    """Call a service; its refusal becomes an error message, its success `success` (if
    given). True when the call went through. The view redirects either way."""
    try:
        call(**kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True


def _university(person):
    """The university of the person's roles (the first one; a person rarely has two)."""
    from sapat.org.access import grants
    from sapat.org.models import Unit

    if person.is_superuser:
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    roots = sorted({g.path.split(".")[0] for g in grants(person)})
    return Unit.objects.filter(path=roots[0]).first() if roots else None


def progress_of(audits, today) -> dict:
    """Planned / done / overdue counts of a list of audits."""
    done = sum(1 for a in audits if a.state in (Audit.State.REPORTED, Audit.State.CLOSED))
    overdue = sum(1 for a in audits if a.is_overdue_on(today))
    total = len(audits)
    return {
        "total": total,
        "done": done,
        "overdue": overdue,
        "planned": total - done - overdue,
        "percent": round(100 * done / total) if total else 0,
    }


def _programme_audits(programme, person):
    audits = list(
        permissions.audits_visible_to(person)
        .filter(programme=programme)
        .select_related("lead_auditor")
        .prefetch_related("units", "processes")
        .order_by("planned_start", "number")
    )
    today = timezone.localdate()
    for audit in audits:
        audit.overdue = audit.is_overdue_on(today)
    return audits


# --- programmes ------------------------------------------------------------------------


@login_required
def programmes(request):
    if not may_anywhere(request.user, Action.READ):
        raise Http404
    items = list(
        permissions.programmes_visible_to(request.user)
        .select_related("year", "approved_by")
        .annotate(
            total=Count("audits", filter=Q(audits__archived_at__isnull=True)),
            done=Count(
                "audits",
                filter=Q(
                    audits__archived_at__isnull=True,
                    audits__state__in=[Audit.State.REPORTED, Audit.State.CLOSED],
                ),
            ),
            overdue=Count(
                "audits",
                filter=Q(
                    audits__archived_at__isnull=True,
                    audits__state__in=[Audit.State.PLANNED, Audit.State.IN_PROGRESS],
                    audits__planned_end__lt=timezone.localdate(),
                ),
            ),
        )
    )
    return render(
        request,
        "audits/programmes.html",
        {
            "programmes": items,
            "may_plan": permissions.may_plan(request.user),
            "title": _("Internal audit programmes"),
            "section": SECTION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    permissions.require_plan(request.user)
    university = _university(request.user)
    if university is None:
        raise Http404
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        programme.university = university
        if (
            AuditProgramme.objects.live()
            .filter(university=university, year=programme.year)
            .exists()
        ):
            form.add_error("year", _("This year already has a programme."))
        else:
            with transaction.atomic():
                programme.save()
            messages.success(request, _("Saved."))
            return redirect("audits:programme", pk=programme.pk)
    return render(
        request,
        "audits/form.html",
        {
            "form": form,
            "title": _("New audit programme"),
            "section": SECTION,
            "cancel_url": "audits:programmes",
        },
        status=400 if form.errors else 200,
    )


@login_required
def programme_detail(request, pk):
    programme = permissions.programme_for(request.user, pk)
    audits = _programme_audits(programme, request.user)
    today = timezone.localdate()
    return render(
        request,
        "audits/programme.html",
        {
            "programme": programme,
            "audits": audits,
            "progress": progress_of(audits, today),
            "today": today,
            "may_plan": permissions.may_plan(request.user) and not programme.is_frozen,
            "may_revise": permissions.may_plan(request.user) and programme.is_frozen,
            "may_approve": permissions.may_approve(request.user, programme),
            "revise_form": ReviseForm(initial={"version": programme.version}),
            "title": str(programme),
            "section": SECTION,
        },
    )


@login_required
def programme_calendar(request, pk):
    """The programme as a month grid: each audit on the days it runs."""
    programme = permissions.programme_for(request.user, pk)
    audits = _programme_audits(programme, request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "day": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "audits": [a for a in audits if a.planned_start <= day <= a.planned_end],
                }
                for day in week
            ]
        )
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "audits/calendar.html",
        {
            "programme": programme,
            "weeks": weeks,
            "month": first,
            "previous": previous,
            "following": following,
            "progress": progress_of(audits, today),
            "title": str(programme),
            "section": SECTION,
        },
    )


@login_required
def programme_priorities(request, pk):
    """Sapat's proposal: what to audit first, and why (QMS office and the rector)."""
    programme = permissions.programme_for(request.user, pk)
    if not (permissions.may_plan(request.user) or permissions.may_approve(request.user, programme)):
        raise PermissionDenied
    cycle = programme.cycle_months
    return render(
        request,
        "audits/priorities.html",
        {
            "programme": programme,
            "processes": priority.process_priorities(cycle_months=cycle),
            "units": priority.unit_priorities(
                units=priority.auditable_units().filter(path__startswith=programme.university.path),
                cycle_months=cycle,
            ),
            "title": _("What to audit first"),
            "section": SECTION,
        },
    )


@login_required
@require_POST
def programme_revise(request, pk):
    programme = permissions.programme_for(request.user, pk)
    permissions.require_plan(request.user)
    form = ReviseForm(request.POST)
    if form.is_valid():
        try:
            services.programme_revise(
                programme=programme,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except (StaleRecord, ValidationError):
            messages.error(request, _("The programme could not be revised; look again."))
        else:
            messages.success(request, _("A new edition of the programme is open as a draft."))
    else:
        messages.error(request, _("Say why the approved programme changes."))
    return redirect("audits:programme", pk=programme.pk)


# --- planning --------------------------------------------------------------------------


def _plan(request, programme, audit=None):
    permissions.require_plan(request.user)
    if programme.is_frozen:
        messages.error(
            request,
            _("The programme is approved and frozen. Make a new edition of it to change the plan."),
        )
        return redirect("audits:programme", pk=programme.pk)
    form = AuditForm(request.POST or None, instance=audit, programme=programme)
    if request.method == "POST" and form.is_valid():
        fields, lists = services.split_plan(form.cleaned_data)
        try:
            saved = services.audit_plan(
                programme=programme,
                by=request.user,
                audit=audit,
                fields=fields,
                expected_version=form.cleaned_data.get("version") if audit else None,
                **lists,
            )
        except StaleRecord:
            form._note_stale()
            form.add_error(None, form.stale_message)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("audits:audit", pk=saved.pk)
    return render(
        request,
        "audits/form.html",
        {
            "form": form,
            "programme": programme,
            "object": audit,
            "title": _("Edit the audit plan") if audit else _("Plan an audit"),
            "section": SECTION,
            "cancel_url": "audits:programme",
            "cancel_pk": programme.pk,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def audit_create(request, pk):
    programme = permissions.programme_for(request.user, pk)
    return _plan(request, programme)


@login_required
@require_http_methods(["GET", "POST"])
def audit_edit(request, pk):
    audit = permissions.audit_for(request.user, pk)
    if audit.state != Audit.State.PLANNED:
        messages.error(request, _("Only a planned audit's plan is changed."))
        return redirect("audits:audit", pk=audit.pk)
    return _plan(request, audit.programme, audit)


# --- an audit and its checklist --------------------------------------------------------


def _questions(audit):
    return list(
        audit.questions.live()
        .select_related("clause", "finding")
        .prefetch_related(
            Prefetch("finding__files", queryset=FindingFile.objects.live().order_by("pk"))
        )
        .order_by("order", "pk")
    )


def _question_context(audit, question, may_fill: bool, form=None):
    """What one question's card shows; `may_fill` is asked once per page, not per card."""
    finding = getattr(question, "finding", None) if _has_finding(question) else None
    return {
        "audit": audit,
        "q": question,
        "finding": finding,
        "form": form or FindingForm(instance=finding, prefix=f"q{question.pk}"),
        "may_grade": may_fill and audit.state == Audit.State.IN_PROGRESS,
        "may_fill": may_fill,
    }


def _has_finding(question) -> bool:
    try:
        return question.finding is not None
    except Finding.DoesNotExist:
        return False


@login_required
def audit_detail(request, pk):
    audit = permissions.audit_for(request.user, pk)
    audit = (
        Audit.objects.filter(pk=audit.pk)
        .select_related(
            "programme__year", "programme__university", "lead_auditor", "acknowledged_by"
        )
        .prefetch_related("units", "processes", "clauses", "team")
        .get()
    )
    person = request.user
    on_team = audit.lead_auditor_id == person.pk or any(p.pk == person.pk for p in audit.team.all())
    sees_gradings = audit.gradings_published or on_team or permissions.may_plan(person)
    questions = _questions(audit) if sees_gradings else []
    may_fill = on_team and audit.state in (Audit.State.PLANNED, Audit.State.IN_PROGRESS)
    rows = [_question_context(audit, q, may_fill) for q in questions]
    graded = sum(1 for q in questions if _has_finding(q))
    return render(
        request,
        "audits/audit.html",
        {
            "audit": audit,
            "rows": rows,
            "graded": graded,
            "question_count": len(questions),
            "sees_gradings": sees_gradings,
            "may_fill": may_fill,
            "may_grade": may_fill and audit.state == Audit.State.IN_PROGRESS,
            "may_edit_plan": permissions.may_plan(person)
            and audit.state == Audit.State.PLANNED
            and not audit.programme.is_frozen,
            "may_start": may_fill
            and audit.state == Audit.State.PLANNED
            and audit.programme.is_frozen,
            "may_issue": audit.state == Audit.State.IN_PROGRESS
            and (audit.lead_auditor_id == person.pk or person.is_superuser),
            "may_acknowledge": permissions.may_acknowledge(person, audit),
            "may_close": permissions.may_close(person, audit),
            "question_form": QuestionForm(),
            "acknowledge_form": AcknowledgeForm(),
            "file_form": EvidenceFileForm(),
            "report_formats": ("pdf", "docx"),
            "title": str(audit),
            "section": SECTION,
        },
    )


def _team_audit(request, pk) -> Audit:
    audit = permissions.audit_for(request.user, pk)
    if not permissions.may_fill(request.user, audit):
        raise PermissionDenied
    return audit


@login_required
@require_POST
def audit_start(request, pk):
    audit = _team_audit(request, pk)
    _attempt(request, services.audit_start, audit=audit, by=request.user)
    return redirect("audits:audit", pk=audit.pk)


@login_required
@require_POST
def checklist_generate(request, pk):
    audit = _team_audit(request, pk)
    added = checklist.generate(audit)
    messages.success(request, _("Questions added from the data: %(n)s.") % {"n": added})
    return redirect("audits:audit", pk=audit.pk)


@login_required
@require_POST
def question_add(request, pk):
    audit = _team_audit(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        _attempt(request, services.question_add, audit=audit, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Write the question."))
    return redirect("audits:audit", pk=audit.pk)


def _question_for(request, pk) -> ChecklistQuestion:
    question = get_object_or_404(ChecklistQuestion.objects.live().select_related("audit"), pk=pk)
    audit = permissions.audit_for(request.user, question.audit_id)
    if not permissions.may_fill(request.user, audit):
        raise PermissionDenied
    question.audit = audit
    return question


@login_required
@require_POST
def question_remove(request, pk):
    question = _question_for(request, pk)
    _attempt(request, services.question_remove, question=question, by=request.user)
    return redirect("audits:audit", pk=question.audit_id)


@login_required
@require_POST
def question_grade(request, pk):
    """Grade one question; htmx gets the question's card back, a plain post a redirect."""
    question = _question_for(request, pk)
    finding = Finding.objects.filter(question=question).first()
    form = FindingForm(request.POST, instance=finding, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            services.finding_record(
                question=question,
                by=request.user,
                grade=form.cleaned_data["grade"],
                evidence=form.cleaned_data["evidence"],
                sample=form.cleaned_data["sample"],
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleRecord:
            form.add_error(None, _("Someone else graded this question after you opened it."))
        except ValidationError as error:
            errors_to_form(form, error)
    if not form.errors and not request.htmx:
        messages.success(request, _("Saved."))
        return redirect(f"{_audit_url(question.audit_id)}#q{question.pk}")
    question = (
        ChecklistQuestion.objects.select_related("clause", "finding")
        .prefetch_related("finding__files")
        .get(pk=question.pk)
    )
    context = _question_context(
        question.audit,
        question,
        permissions.may_fill(request.user, question.audit),
        form if form.errors else None,
    )
    context["file_form"] = EvidenceFileForm()
    status = 200 if request.htmx or not form.errors else 400
    if request.htmx:
        return render(request, "audits/_question.html", context, status=status)
    context.update({"title": _("Grade the question"), "section": SECTION})
    return render(request, "audits/question_page.html", context, status=status)


def _audit_url(pk) -> str:
    from django.urls import reverse

    return reverse("audits:audit", args=[pk])


@login_required
@require_POST
def finding_file_add(request, pk):
    question = _question_for(request, pk)
    finding = Finding.objects.filter(question=question).first()
    if finding is None:
        messages.error(request, _("Grade the question before adding its evidence files."))
        return redirect("audits:audit", pk=question.audit_id)
    form = EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(
            request,
            services.finding_file_add,
            success=_("The file is added."),
            finding=finding,
            by=request.user,
            upload=form.cleaned_data["file"],
        )
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(f"{_audit_url(question.audit_id)}#q{question.pk}")


@login_required
def finding_file(request, pk):
    record = get_object_or_404(
        FindingFile.objects.live().select_related("finding__question__audit"), pk=pk
    )
    audit = permissions.audit_for(request.user, record.finding.question.audit_id)
    if not permissions.may_see_gradings(request.user, audit):
        raise Http404
    return attachment_response(record.file)


@login_required
@require_http_methods(["GET", "POST"])
def audit_report(request, pk):
    """The lead auditor writes the summary and strengths and issues the report."""
    audit = permissions.audit_for(request.user, pk)
    if not permissions.may_issue_report(request.user, audit):
        raise PermissionDenied
    form = ReportForm(
        request.POST or None,
        initial={"summary": audit.summary, "strengths": audit.strengths, "version": audit.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_issue_report(
                audit=audit,
                by=request.user,
                summary=form.cleaned_data["summary"],
                strengths=form.cleaned_data["strengths"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecord:
            form.add_error(None, _("Someone changed the audit meanwhile; look again."))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The report is issued."))
            return redirect("audits:audit", pk=audit.pk)
    return render(
        request,
        "audits/form.html",
        {
            "form": form,
            "object": audit,
            "title": _("Issue the audit report"),
            "section": SECTION,
            "cancel_url": "audits:audit",
            "cancel_pk": audit.pk,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def audit_acknowledge(request, pk):
    audit = permissions.audit_for(request.user, pk)
    if not permissions.may_acknowledge(request.user, audit):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    services.audit_acknowledge(audit=audit, by=request.user, text=form.cleaned_data.get("text", ""))
    messages.success(request, _("The report is acknowledged."))
    return redirect("audits:audit", pk=audit.pk)


@login_required
@require_POST
def audit_close(request, pk):
    audit = permissions.audit_for(request.user, pk)
    if not permissions.may_close(request.user, audit):
        raise PermissionDenied
    services.audit_close(audit=audit, by=request.user)
    messages.success(request, _("The audit is closed."))
    return redirect("audits:audit", pk=audit.pk)


# --- the auditor pool and conflicts ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def auditors(request):
    """The pool of qualified internal auditors, kept by the QMS office."""
    permissions.require_plan(request.user)
    university = _university(request.user)
    if university is None:
        raise Http404
    form = QualificationForm(request.POST or None, university=university)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.university = university
        with transaction.atomic():
            record.save()
        messages.success(request, _("Saved."))
        return redirect("audits:auditors")
    pool = (
        AuditorQualification.objects.live()
        .filter(university=university)
        .select_related("person__unit")
        .order_by("person__full_name")
    )
    return render(
        request,
        "audits/auditors.html",
        {
            "pool": pool,
            "form": form,
            "title": _("Internal auditors"),
            "section": SECTION,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def auditor_remove(request, pk):
    permissions.require_plan(request.user)
    university = _university(request.user)
    record = get_object_or_404(AuditorQualification.objects.live(), pk=pk, university=university)
    record.archive()
    messages.success(request, _("Removed from the pool."))
    return redirect("audits:auditors")


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request):
    """A person declares their conflicts of interest; the QMS office sees everyone's."""
    university = _university(request.user)
    if university is None:
        raise Http404
    form = ConflictForm(request.POST or None, university=university)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(person=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("audits:conflicts")
    records = ConflictDeclaration.objects.live().select_related("person", "unit", "process")
    if not permissions.may_plan(request.user):
        records = records.filter(person=request.user)
    return render(
        request,
        "audits/conflicts.html",
        {
            "records": records,
            "form": form,
            "title": _("Conflicts of interest"),
            "section": SECTION,
        },
        status=400 if form.errors else 200,
    )
