"""Screens of management reviews and the annual QMS report."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sapat.lib.form_errors import errors_to_form
from sapat.lib.locking import StaleRecord, VersionedFormMixin
from sapat.org.models import AcademicYear, Unit
from sapat.risks.views_pickers import people_answer

from . import permissions, services
from .forms import (
    AnnualTextsForm,
    CompleteForm,
    ContextIssueForm,
    HoldForm,
    OutputForm,
    ResourceReportForm,
    ReviewCreateForm,
    output_people,
)
from .models import AnnualReport, ContextIssue, ManagementReview, ResourceReport

LANGS = (("ky", "кырг."), ("ru", "рус."), ("en", "eng."))


def _university(person) -> Unit:
    """The university of the person's reviews (the first root they reach)."""
    return permissions.university_of(person)


@login_required
def review_list(request):
    university = _university(request.user)
    if not permissions.may_read_reviews(request.user, university):
        raise Http404
    reviews = list(ManagementReview.objects.live().filter(university=university)
                   .select_related("year", "chair").order_by("-period_end", "-pk"))
    reports = list(AnnualReport.objects.live().filter(university=university)
                   .select_related("year"))
    may_prepare = permissions.may_prepare(request.user, university)
    form = ReviewCreateForm(request.POST or None) if may_prepare else None
    if request.method == "POST":
        permissions.require(may_prepare)
        if form.is_valid():
            review = services.review_create(university=university, year=form.cleaned_data["year"],
                                            planned_on=form.cleaned_data["planned_on"],
                                            by=request.user)
            messages.success(request, _("The review is open for preparation."))
            return redirect(review)
    return render(request, "reviews/list.html", {
        "reviews": reviews, "reports": reports, "form": form, "may_prepare": may_prepare,
        "years": AcademicYear.objects.order_by("-start")[:6],
        "title": _("Management review"), "section": "reviews",
    })


@login_required
def review_detail(request, pk):
    review = permissions.review_for(request.user, pk)
    return _detail(request, review)


def _detail(request, review, *, output_form=None, status=200):
    """The review's page; `output_form` is a refused decision form shown again with what
    was typed and its errors."""
    user = request.user
    inputs = services.review_inputs(review, get_language())
    outputs = list(review.outputs.live().select_related("unit")
                   .prefetch_related("responsible_people", "responsible_positions")
                   .order_by("number"))
    may_hold = permissions.may_hold(user, review)
    may_record = permissions.may_record_outputs(user, review)
    today = timezone.localdate()
    if may_record and output_form is None:
        output_form = OutputForm(review=review)
    return render(request, "reviews/detail.html", {
        "review": review, "inputs": inputs, "outputs": outputs, "today": today,
        "may_hold": may_hold, "may_record": may_record,
        "hold_form": HoldForm(initial={"held_on": today, "version": review.version})
        if may_hold else None,
        "output_form": output_form if may_record else None,
        "langs": LANGS, "title": str(review), "section": "reviews",
    }, status=status)


@login_required
@require_GET
def people_search(request, pk):
    """The decision form's people picker: the review's university's people, for those who
    record its decisions."""
    review = permissions.review_for(request.user, pk)
    permissions.require(permissions.may_record_outputs(request.user, review))
    return people_answer(request, output_people(review))


@login_required
@require_POST
def review_hold(request, pk):
    review = permissions.review_for(request.user, pk)
    permissions.require(permissions.may_hold(request.user, review))
    form = HoldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_hold(review=review, by=request.user, held_on=data["held_on"],
                                 expected_version=data["version"], attendees=data["attendees"],
                                 minutes=data["minutes"], minutes_ru=data["minutes_ru"])
        except StaleRecord:
            messages.error(request, VersionedFormMixin.stale_message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The review is held; its inputs are frozen."))
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect(review)


@login_required
@require_POST
def output_add(request, pk):
    review = permissions.review_for(request.user, pk)
    permissions.require(permissions.may_record_outputs(request.user, review))
    form = OutputForm(request.POST, review=review)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.output_add(review=review, by=request.user, kind=data["kind"],
                                text=data["text"], text_ru=data["text_ru"], unit=data["unit"],
                                due_date=data["due_date"],
                                people=[data["person"]] if data["person"] else None)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The decision is recorded as an action."))
            return redirect(review)
    # Refused: the page again, with what was typed and the errors by their fields.
    return _detail(request, review, output_form=form, status=400)


@login_required
def output_detail(request, pk):
    output = permissions.output_for(request.user, pk)
    may_progress = output.is_open and permissions.may_progress_output(request.user, output)
    form = CompleteForm(request.POST or None, request.FILES or None,
                        initial={"completed_on": timezone.localdate(), "version": output.version})
    if request.method == "POST":
        permissions.require(may_progress)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.output_complete(output=output, by=request.user,
                                         expected_version=data["version"],
                                         on=data["completed_on"], result=data["result"],
                                         evidence=data["evidence"])
            except StaleRecord:
                form.add_error(None, VersionedFormMixin.stale_message)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The action is marked done."))
                return redirect(output)
    return render(request, "reviews/output.html", {
        "output": output, "form": form if may_progress else None,
        "may_read_review": permissions.may_read_reviews(request.user, output.review.university),
        "title": _("Decision %(n)s") % {"n": output.number}, "section": "reviews",
    })


def _table_response(table, fmt: str, lang: str) -> HttpResponse:
    from sapat.reports.export import FORMATS, write

    if fmt not in ("pdf", "docx"):
        raise Http404
    from django.utils import translation

    with translation.override(lang):
        content = write(table, fmt)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.filename}-{lang}.{fmt}"'
    return response


def _lang(request) -> str:
    lang = request.GET.get("lang", "ky")
    return lang if lang in ("ky", "ru", "en") else "ky"


@login_required
def review_document(request, pk, doc, fmt):
    from sapat.reports.review_pack import review_minutes_table, review_pack_table

    review = permissions.review_for(request.user, pk)
    lang = _lang(request)
    build = {"pack": review_pack_table, "minutes": review_minutes_table}.get(doc)
    if build is None:
        raise Http404
    return _table_response(build(review, lang), fmt, lang)


# Registers ---------------------------------------------------------------------------------
def _register(request, *, model, form_class, rows, template, title, url_name, pk, university,
              **form_kwargs):
    """A register the QMS office keeps: its rows and a form to add or correct one."""
    if not permissions.may_read_reviews(request.user, university):
        raise Http404
    may_prepare = permissions.may_prepare(request.user, university)
    instance = get_object_or_404(rows, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance, **form_kwargs) \
        if may_prepare else None
    if request.method == "POST":
        permissions.require(may_prepare)
        if form.is_valid():
            obj = form.save(commit=False)
            if model is ContextIssue:
                obj.university = university
            obj._history_user = request.user
            try:
                with transaction.atomic():
                    form.save()
            except StaleRecord:
                pass
            else:
                messages.success(request, _("Saved."))
                return redirect(url_name)
    return render(request, template, {
        "rows": rows, "form": form, "editing": instance, "title": title,
        "section": "reviews",
    })


@login_required
def context_register(request, pk=None):
    university = _university(request.user)
    rows = ContextIssue.objects.live().filter(university=university)
    return _register(request, model=ContextIssue, form_class=ContextIssueForm, rows=rows,
                     template="reviews/context.html", url_name="reviews:context",
                     title=_("Context issues and interested parties"), pk=pk,
                     university=university)


@login_required
def resource_reports(request, pk=None):
    university = _university(request.user)
    rows = ResourceReport.objects.live().filter(unit__path__startswith=university.path) \
        .select_related("unit", "year")
    return _register(request, model=ResourceReport, form_class=ResourceReportForm, rows=rows,
                     template="reviews/resources.html", url_name="reviews:resources",
                     title=_("Resource reports"), pk=pk, university=university,
                     university_scope=university)


# The annual QMS report ----------------------------------------------------------------------
@login_required
@require_POST
def annual_generate(request):
    university = _university(request.user)
    permissions.require(permissions.may_prepare(request.user, university))
    year = get_object_or_404(AcademicYear, pk=request.POST.get("year") or 0)
    try:
        report = services.annual_generate(university=university, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        report = AnnualReport.objects.filter(university=university, year=year).first()
        return redirect(report or "reviews:list")
    messages.success(request, _("The report is generated from the year's records."))
    return redirect(report)


@login_required
def annual_detail(request, pk):
    from sapat.approvals import services as approvals

    report = permissions.annual_for(request.user, pk)
    may_prepare = permissions.may_prepare(request.user, report.university)
    data = report.data.get(get_language()[:2]) or report.data.get("ky") or []
    state = approvals.current_state(report)
    editable = may_prepare and state != "submitted"
    form = None
    if editable:
        initial = {"version": report.version, **report.texts}
        form = AnnualTextsForm(request.POST or None, initial=initial, sections=data)
        if request.method == "POST" and form.is_valid():
            texts = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.annual_edit(report=report, by=request.user,
                                     expected_version=form.cleaned_data["version"], texts=texts)
            except StaleRecord:
                form.add_error(None, VersionedFormMixin.stale_message)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(report)
    elif request.method == "POST":
        raise PermissionDenied
    approved = approvals.approved_request(report)
    return render(request, "reviews/annual.html", {
        "report": report, "data": data, "form": form, "may_prepare": may_prepare,
        "approved": approved, "langs": LANGS,
        "title": str(report), "section": "reviews",
    })


@login_required
def annual_document(request, pk, fmt):
    from sapat.reports.review_pack import annual_report_table

    report = permissions.annual_for(request.user, pk)
    lang = _lang(request)
    return _table_response(annual_report_table(report, lang), fmt, lang)

