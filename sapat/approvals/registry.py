"""Kinds of records that go through approval: each app registers its own.

The approvals app knows no app. An app that has something to approve (the quality
policy, the audit programme, a document, a report) describes it once here, from its
AppConfig.ready():

    register(ApprovableKind(
        key="policy", model=QualityPolicy, label=_("quality policy"),
        body=Body.RECTOR, text=lambda p: p.text, ...))

and then calls the services in `sapat.approvals.services` with its records.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.org.models import Role


class Body(models.TextChoices):
    """The bodies that approve (regulation §10.1, Appendix 7), each held through a role."""

    RECTOR = "rector", _("the rector")
    COUNCIL = "council", _("the Academic Council")
    QMS = "qms", _("the QMS office")


# Which role speaks for each body: the question "may this person decide for the body"
# is then `org.access` with that role's APPROVE or CONFIGURE grant.
BODY_ROLE = {Body.RECTOR: Role.RECTOR, Body.COUNCIL: Role.COUNCIL, Body.QMS: Role.QMS}


def _default_unit(obj):
    return obj.access_unit


def _default_may_submit(person, obj) -> bool:
    from sapat.org.access import Action, may

    return may(person, Action.UPDATE, _default_unit(obj))


def _default_render(kind: ApprovableKind, obj) -> tuple[bytes, str]:
    return kind.text(obj).encode("utf-8"), "text/plain; charset=utf-8"


@dataclass(frozen=True)
class ApprovableKind:
    """What the approvals app needs to know about one kind of record.

    key: a short stable name stored with every request ("policy").
    model: the model class of the records.
    label: what the record is called, a lazy translation.
    body: the approving body, or a function of the record giving it.
    text: the record's content as plain text, for the frozen copy and comparisons.
    title: the record's title, kept with each request (default: str(obj)).
    describe: the request's name in the reader's language, from the request alone (its
      `title` and `number`), for lists and the inbox that must not query the app;
      default: the stored title.
    url: the address of the record's page (default: obj.get_absolute_url()).
    unit: the unit the record belongs to (default: obj.access_unit).
    may_submit: who may submit (default: whoever may update records of the unit).
    may_read: who may read the record's requests, given the person and the unit
      (default: whoever may read records of the unit).
    render: the bytes to freeze and their content type (default: the text in UTF-8;
      a PDF for reports).
    in_force: the version in force to compare a record with — for one approved already,
      the version in force before it (default: the same record's previous approved copy).
    on_approved: called in the approving transaction with (obj, request).
    """

    key: str
    model: type
    label: object
    body: str | Callable[[object], str]
    text: Callable[[object], str]
    title: Callable[[object], str] = str
    describe: Callable[[object], str] | None = None
    url: Callable[[object], str] | None = None
    unit: Callable[[object], object] = _default_unit
    may_submit: Callable[[object, object], bool] = _default_may_submit
    may_read: Callable[[object, object], bool] | None = None
    render: Callable[[object], tuple[bytes, str]] | None = None
    in_force: Callable[[object], object | None] | None = None
    on_approved: Callable[[object, object], None] | None = None

    def body_of(self, obj) -> str:
        return self.body(obj) if callable(self.body) else self.body

    def url_of(self, obj) -> str:
        return self.url(obj) if self.url else obj.get_absolute_url()

    def rendered(self, obj) -> tuple[bytes, str]:
        return self.render(obj) if self.render else _default_render(self, obj)


_KINDS: dict[str, ApprovableKind] = {}
_BY_MODEL: dict[type, ApprovableKind] = {}


def register(kind: ApprovableKind) -> None:
    """Add (or replace, by key) an approvable kind; call from an AppConfig.ready()."""
    _KINDS[kind.key] = kind
    _BY_MODEL[kind.model] = kind


def get(key: str) -> ApprovableKind:
    """The kind registered under `key`; KeyError when none is."""
    return _KINDS[key]


def kind_of(obj) -> ApprovableKind:
    """The kind `obj`'s model is registered as; LookupError when it is not approvable."""
    for model in type(obj).__mro__:
        if model in _BY_MODEL:
            return _BY_MODEL[model]
    raise LookupError(f"{type(obj).__name__} is not registered with sapat.approvals")


def kinds() -> list[ApprovableKind]:
    return list(_KINDS.values())
