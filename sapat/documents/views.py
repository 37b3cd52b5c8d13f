"""Document control screens: the register, a document with its versions, a version (files,
review, approval, publishing, acknowledgement), the retention list, exports.

Every view asks `permissions` first; every write goes through `services`.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sapat.lib.form_errors import errors_to_form
from sapat.org.access import Action, scope_q
from sapat.org.models import Unit
from sapat.risks.views_pickers import people_answer

from . import files as doc_files
from . import permissions, reading, services
from .forms import (
    CitationForm,
    CommentForm,
    DisposalForm,
    DocumentForm,
    FileForm,
    VersionForm,
    reviewer_people,
)
from .models import (
    DisposalDecision,
    DocType,
    Document,
    DocumentVersion,
    VersionFile,
    VersionState,
)

SECTION = "documents"
PAGE_SIZE = 50


def _errors(request, error: ValidationError, form=None) -> None:
    if form is not None and hasattr(error, "error_dict"):
        errors_to_form(form, error)
        return
    for message in error.messages:
        messages.error(request, message)


@login_required
def register(request):
    qs = reading.register_queryset(request.user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for d in page.object_list:
        d.current = reading.in_force(d)
    return render(request, "documents/register.html", {
        "title": _("Documents"), "section": SECTION, "page": page,
        "types": DocType.choices, "type": request.GET.get("type", ""),
        "q": request.GET.get("q", ""), "in_force": bool(request.GET.get("in_force")),
        "may_create": permissions.may_create(request.user),
        "may_retention": permissions.may_administer_retention(request.user),
        "today": timezone.localdate(),
    })


def _owner_units(person):
    return Unit.objects.filter(scope_q(person, Action.UPDATE, "")).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    permissions.require(permissions.may_create(request.user))
    form = DocumentForm(request.POST or None, units=_owner_units(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save()
        messages.success(request, _("The document is registered."))
        return redirect(document)
    return render(request, "documents/form.html", {
        "title": _("New document"), "section": SECTION, "form": form,
        "cancel": "documents:register"})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = permissions.document_for(request.user, pk)
    permissions.require(permissions.may_edit_register(request.user, document))
    form = DocumentForm(request.POST or None, instance=document,
                        units=_owner_units(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save()
        messages.success(request, _("The document is saved."))
        return redirect(document)
    return render(request, "documents/form.html", {
        "title": _("Edit the register entry"), "section": SECTION, "form": form,
        "object": document, "cancel": "documents:register"})


@login_required
def document_detail(request, pk):
    document = permissions.document_for(request.user, pk)
    versions = list(document.versions.select_related("author", "approved_by")
                    .order_by("-number"))
    current = next((v for v in versions if v.state == VersionState.IN_FORCE), None)
    may_ack_status = current is not None and permissions.may_see_acknowledgements(
        request.user, document)
    today = timezone.localdate()
    return render(request, "documents/detail.html", {
        "title": str(document), "section": SECTION, "document": document,
        "versions": versions, "current": current,
        "processes": list(document.processes.all()), "clauses": list(document.clauses.all()),
        "audience_units": list(document.audience_units.all()),
        "may_draft": permissions.may_draft(request.user, document),
        "open_version": next((v for v in versions if v.state in services.OPEN_STATES), None),
        "ack_status": reading.acknowledgement_status(current) if may_ack_status else None,
        "used": reading.where_used(document),
        "cite_form": CitationForm(person=request.user) if permissions.may_draft(
            request.user, document) else None,
        "overdue": document.review_overdue(today), "today": today,
    })


@login_required
@require_POST
def document_cite(request, pk):
    document = permissions.document_for(request.user, pk)
    permissions.require(permissions.may_draft(request.user, document))
    form = CitationForm(request.POST, person=request.user)
    if form.is_valid():
        services.cite(document, form.cleaned_data["record"], form.cleaned_data["note"])
        messages.success(request, _("The place where the document is used is recorded."))
    else:
        for errs in form.errors.values():
            for message in errs:
                messages.error(request, message)
    return redirect(document)


@login_required
@require_POST
def document_reviewed(request, pk):
    document = permissions.document_for(request.user, pk)
    permissions.require(permissions.may_draft(request.user, document))
    services.mark_reviewed(document, request.user)
    messages.success(request, _("The review is recorded; the next review date is set."))
    return redirect(document)


@login_required
@require_GET
def people_search(request, pk):
    """The new version's reviewers picker: the document's university's people, for those
    who draft it."""
    document = permissions.document_for(request.user, pk)
    permissions.require(permissions.may_draft(request.user, document))
    return people_answer(request, reviewer_people(document))


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, pk):
    document = permissions.document_for(request.user, pk)
    permissions.require(permissions.may_draft(request.user, document))
    form = VersionForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.new_version(
                document, request.user, change_summary=form.cleaned_data["change_summary"],
                change_summary_ru=form.cleaned_data["change_summary_ru"],
                reviewers=form.cleaned_data["reviewers"])
        except ValidationError as e:
            _errors(request, e, form)
        else:
            messages.success(request, _("The draft is created; attach its files."))
            return redirect(version)
    return render(request, "documents/form.html", {
        "title": _("New version"), "section": SECTION, "form": form, "object": document,
        "cancel": "documents:detail", "cancel_pk": document.pk})


def _version_for(person, pk) -> DocumentVersion:
    version = get_object_or_404(DocumentVersion.objects.select_related(
        "document__owner_unit", "document__university", "author", "approved_by"), pk=pk)
    if version.document.archived_at is not None or not permissions.may_read(
            person, version.document):
        raise Http404
    return version


@login_required
def version_detail(request, pk):
    version = _version_for(request.user, pk)
    document = version.document
    person = request.user
    may_files = permissions.may_read_version_files(person, version)
    current = document.versions.filter(state=VersionState.IN_FORCE).first()
    acked = version.acknowledgements.filter(person_id=person.pk).exists()
    return render(request, "documents/version.html", {
        "title": str(version), "section": SECTION, "version": version, "document": document,
        "current": current,
        "files": list(version.files.all()) if may_files else [], "may_files": may_files,
        "comments": list(version.comments.select_related("author")),
        "reviewers": list(version.reviewers.all()),
        "may_draft": permissions.may_draft(person, document) and version.state in (
            VersionState.DRAFT, VersionState.REVIEW),
        "may_comment": permissions.may_comment(person, version),
        "may_publish": permissions.may_publish(person, version),
        "may_withdraw": permissions.may_withdraw(person, version),
        "may_acknowledge": permissions.may_acknowledge(person, version) and not acked,
        "acked": acked,
        "show_approval": version.state != VersionState.DRAFT,
        "file_form": FileForm(), "comment_form": CommentForm(),
    })


@login_required
@require_POST
def file_add(request, pk):
    version = _version_for(request.user, pk)
    permissions.require(permissions.may_draft(request.user, version.document))
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_file(version, form.cleaned_data["file"],
                              language=form.cleaned_data["language"], by=request.user)
            messages.success(request, _("The file is attached."))
        except ValidationError as e:
            _errors(request, e)
    else:
        for errs in form.errors.values():
            for message in errs:
                messages.error(request, message)
    return redirect(version)


def _step(request, pk, allowed, action, done: str):
    version = _version_for(request.user, pk)
    permissions.require(allowed(request.user, version))
    try:
        result = action(version)
    except ValidationError as e:
        _errors(request, e)
        return redirect(version), None
    messages.success(request, done)
    return redirect(version), result


def _drafts(person, version):
    return permissions.may_draft(person, version.document)


@login_required
@require_POST
def version_review(request, pk):
    return _step(request, pk, _drafts, lambda v: services.send_for_review(v, request.user),
                 _("The version is sent for review."))[0]


@login_required
@require_POST
def version_redraft(request, pk):
    return _step(request, pk, _drafts, lambda v: services.back_to_draft(v, request.user),
                 _("The version is a draft again."))[0]


@login_required
@require_POST
def version_delete(request, pk):
    version = _version_for(request.user, pk)
    permissions.require(_drafts(request.user, version))
    document = version.document
    try:
        services.delete_draft(version)
    except ValidationError as e:
        _errors(request, e)
        return redirect(version)
    messages.success(request, _("The draft is deleted."))
    return redirect(document)


@login_required
@require_POST
def version_comment(request, pk):
    version = _version_for(request.user, pk)
    permissions.require(permissions.may_comment(request.user, version))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment(version, request.user, form.cleaned_data["text"])
            messages.success(request, _("The comment is added."))
        except ValidationError as e:
            _errors(request, e)
    else:
        messages.error(request, _("Write the comment."))
    return redirect(version)


@login_required
@require_POST
def version_publish(request, pk):
    response, citations = _step(request, pk, permissions.may_publish,
                                lambda v: services.publish(v, request.user),
                                _("The version is in force; its audiences are asked to "
                                  "acknowledge it."))
    if citations:
        messages.info(request, _("Check the places that cite this document: %(list)s")
                      % {"list": "; ".join(str(c.record) for c in citations[:20])})
    return response


@login_required
@require_POST
def version_withdraw(request, pk):
    return _step(request, pk, permissions.may_withdraw,
                 lambda v: services.withdraw(v, request.user),
                 _("The version is withdrawn."))[0]


@login_required
@require_POST
def version_acknowledge(request, pk):
    return _step(request, pk, permissions.may_acknowledge,
                 lambda v: services.acknowledge(v, request.user),
                 _("Thank you: your acknowledgement is recorded."))[0]


@login_required
def file_download(request, pk):
    record = get_object_or_404(VersionFile.objects.select_related(
        "version__document__owner_unit", "version__document__university"), pk=pk)
    version = record.version
    if version.document.archived_at is not None or not permissions.may_read(
            request.user, version.document):
        raise Http404
    if not permissions.may_read_version_files(request.user, version):
        raise Http404
    return doc_files.download_response(record)


# --- retention and disposal -------------------------------------------------------------

def retention_rows(today):
    """Documents whose every version ended, past their retention period, not disposed of
    (three queries)."""
    docs = (Document.objects.live().exclude(disposal="disposed")
            .exclude(versions__state__in=[VersionState.IN_FORCE, *services.OPEN_STATES])
            .filter(versions__ended_on__isnull=False).distinct()
            .select_related("owner_unit")
            .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.order_by(
                "-ended_on"), to_attr="ended_versions"),
                Prefetch("disposal_decisions", queryset=DisposalDecision.objects
                         .select_related("by"), to_attr="decisions"))
            .order_by("code"))
    rows = []
    for d in docs:
        ended = max((v.ended_on for v in d.ended_versions if v.ended_on), default=None)
        end = services.retention_end(d, ended)
        if end is not None and end <= today:
            rows.append({"document": d, "ended": ended, "retain_until": end,
                         "last": d.decisions[0] if d.decisions else None})
    return rows


@login_required
def retention(request):
    permissions.require(permissions.may_administer_retention(request.user))
    today = timezone.localdate()
    rows = [r for r in retention_rows(today)
            if permissions.administers(request.user, r["document"])]
    return render(request, "documents/retention.html", {
        "title": _("Retention and disposal"), "section": SECTION, "rows": rows,
        "form": DisposalForm(), "today": today})


@login_required
@require_POST
def disposal_decide(request, pk):
    document = get_object_or_404(Document.objects.live().select_related("owner_unit"), pk=pk)
    if not permissions.administers(request.user, document):
        raise PermissionDenied
    form = DisposalForm(request.POST)
    if form.is_valid():
        try:
            services.decide_disposal(document, request.user, **form.cleaned_data)
            messages.success(request, _("The decision is recorded."))
        except ValidationError as e:
            _errors(request, e)
    else:
        for errs in form.errors.values():
            for message in errs:
                messages.error(request, message)
    return redirect("documents:retention")
