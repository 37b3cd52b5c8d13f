"""Who may do what with documents — on top of `sapat.org.access`.

- The QMS office administers: every document of its university (confidential ones too),
  the register's settings, publishing, withdrawal, retention and disposal.
- Owners draft: whoever may update records of the owner unit (its head, the director
  above it) creates versions, uploads files and sends them for review.
- Reviewers named on a version comment on it while it is in review.
- Approvers approve through `sapat.approvals`: the body set by the document's type.
- Audiences read and acknowledge: everyone holding a role in an audience unit (or below
  it), or one of the audience roles, within the university.
- Reading: an internal document is read by anyone holding a role in its university; a
  confidential one only by those holding a unit role over the owner unit (not the
  rector's or the Council's university-wide reach), its audiences, its reviewers, its
  approving body and the QMS office.
- Files of drafts and versions in review are read by those who draft, review or approve
  them; files of approved, in-force and obsolete versions by every reader of the document.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from sapat.org.access import (
    RULES,
    Action,
    Reach,
    grants,
    may,
    may_anywhere,
    may_configure,
    roles_of,
    scope_q,
)

from .models import Confidentiality, Document, DocumentVersion, VersionState


def _active(person) -> bool:
    return person is not None and person.is_authenticated and person.is_active


def _roots(person) -> set[str]:
    return {g.path.split(".")[0] for g in grants(person)}


def _ancestor_ids(person) -> set[int]:
    """Every unit at or above a unit where `person` holds a role."""
    ids: set[int] = set()
    for g in grants(person):
        ids |= {int(part) for part in g.path.split(".")}
    # A role with university reach stores the root only: its own unit counts too.
    ids |= {g.unit_id for g in grants(person)}
    return ids


def _owner_prefixes(person) -> list[str]:
    """Paths reached by the person's unit roles (heads, directors, staff…): the roles of
    the university's leadership do not open a confidential document by reach alone."""
    return sorted({g.path for g in grants(person)
                   if RULES[g.role].reach == Reach.SUBTREE
                   and Action.READ in RULES[g.role].actions})


def _in_owner_units(person, document: Document) -> bool:
    path = document.owner_unit.path
    return any(path == p or path.startswith(p + ".") for p in _owner_prefixes(person))


def _root_ids(person) -> list[int]:
    return sorted({int(root) for root in _roots(person)})


def administers(person, document: Document | None = None) -> bool:
    """The QMS office (of the document's university)."""
    if document is None:
        return may_configure(person)
    return may(person, Action.CONFIGURE, document.owner_unit)


def audience_q(person, prefix: str = "") -> Q:
    """Documents whose audience `person` is in (their university; no query beyond the
    person's grants)."""
    if not _active(person):
        return Q(pk__in=[])
    roots = _root_ids(person)
    q = Q(**{f"{prefix}audience_units__in": sorted(_ancestor_ids(person))})
    for role in sorted(roles_of(person)):
        q |= Q(**{f"{prefix}audience_roles__contains": f",{role},"})
    return Q(**{f"{prefix}university_id__in": roots}) & q


def is_audience(person, document: Document) -> bool:
    if not _active(person):
        return False
    if document.university_id not in _root_ids(person):
        return False
    if set(document.roles) & roles_of(person):
        return True
    ancestors = _ancestor_ids(person)
    return any(u.pk in ancestors for u in document.audience_units.all())


def _approver_q(person) -> Q:
    from sapat.approvals.permissions import bodies_of

    from .approval import TYPES_OF_BODY

    types = sorted({t for body in bodies_of(person) for t in TYPES_OF_BODY.get(body, ())})
    return Q(doc_type__in=types, university_id__in=_root_ids(person)) if types else Q(
        pk__in=[])


def visible_q(person) -> Q:
    """Documents `person` may read, as a Q on Document (audience and reviewer parts are
    subqueries, so rows stay distinct)."""
    if _active(person) and person.is_superuser:
        return Q()
    if not _active(person):
        return Q(pk__in=[])
    roots = _root_ids(person)
    if not roots:
        return Q(pk__in=[])
    internal = Q(confidentiality=Confidentiality.INTERNAL, university_id__in=roots)
    if may_configure(person):
        internal |= scope_q(person, Action.CONFIGURE, "owner_unit")
    owner = Q(pk__in=[])
    for prefix in _owner_prefixes(person):
        owner |= Q(owner_unit__path=prefix) | Q(owner_unit__path__startswith=prefix + ".")
    audience = Q(pk__in=Document.objects.filter(audience_q(person)).values("pk"))
    reviewer = Q(Exists(DocumentVersion.objects.filter(document=OuterRef("pk"),
                                                        reviewers=person)))
    return internal | owner | audience | reviewer | _approver_q(person)


def documents_visible_to(person):
    return Document.objects.live().filter(visible_q(person))


def may_read(person, document: Document) -> bool:
    if not _active(person):
        return False
    if person.is_superuser:
        return True
    roots = _root_ids(person)
    if document.university_id not in roots:
        return False
    if not document.is_confidential:
        return True
    return (administers(person, document) or _in_owner_units(person, document)
            or is_audience(person, document) or _approves(person, document)
            or DocumentVersion.objects.filter(document=document, reviewers=person).exists())


def _approves(person, document: Document) -> bool:
    from sapat.approvals.permissions import may_decide

    from .approval import body_of_type

    return may_decide(person, body_of_type(document.doc_type), document.university)


def document_for(person, pk: int) -> Document:
    """The live document `pk` if `person` may read it; else 404."""
    document = (Document.objects.live().select_related("owner_unit", "university")
                .filter(pk=pk).first())
    if document is None or not may_read(person, document):
        raise Http404
    return document


def may_create(person) -> bool:
    """Registering a document: the QMS office, and those who update records of a unit."""
    return may_configure(person) or may_anywhere(person, Action.UPDATE)


def may_draft(person, document: Document) -> bool:
    """Owners draft: who updates the owner unit's records, and the QMS office."""
    return administers(person, document) or may(person, Action.UPDATE, document.owner_unit)


def draftable_q(person, prefix: str = "") -> Q:
    """Documents `person` drafts (owner units they update; the QMS office's university)."""
    if _active(person) and person.is_superuser:
        return Q()
    return (scope_q(person, Action.UPDATE, f"{prefix}owner_unit")
            | scope_q(person, Action.CONFIGURE, f"{prefix}owner_unit"))


def may_edit_register(person, document: Document) -> bool:
    return may_draft(person, document)


def is_reviewer(person, version: DocumentVersion) -> bool:
    if not _active(person):
        return False
    return any(p.pk == person.pk for p in version.reviewers.all())


def may_comment(person, version: DocumentVersion) -> bool:
    return version.state == VersionState.REVIEW and (
        is_reviewer(person, version) or may_draft(person, version.document))


def may_publish(person, version: DocumentVersion) -> bool:
    """Putting an approved version in force: the owner and the QMS office."""
    return version.state == VersionState.APPROVED and may_draft(person, version.document)


def may_withdraw(person, version: DocumentVersion) -> bool:
    return version.state == VersionState.IN_FORCE and administers(person, version.document)


def may_read_version_files(person, version: DocumentVersion) -> bool:
    """Files of drafts are for those who work on them; later ones for every reader."""
    if version.is_frozen:
        return True
    return (may_draft(person, version.document) or is_reviewer(person, version)
            or _approves(person, version.document))


def may_acknowledge(person, version: DocumentVersion) -> bool:
    return version.state == VersionState.IN_FORCE and is_audience(person, version.document)


def may_see_acknowledgements(person, document: Document) -> bool:
    """Who has and has not read: the QMS office, the owner unit's heads, the rector."""
    return may_draft(person, document) or bool(roles_of(person) & {"rector", "council"})


def may_administer_retention(person) -> bool:
    return may_configure(person)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
