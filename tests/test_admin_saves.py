"""An admin save is a change like any other: it moves the version and writes history, so
that an edit form opened before it gets the conflict instead of writing the old values
back (and an admin form opened before someone else's save gets the conflict too)."""
from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse

from sapat.lib.admin import VersionedAdmin
from sapat.lib.models import Versioned
from sapat.org.models import Person
from sapat.risks import services
from sapat.risks.models import Risk, RiskCategory, RiskScale
from sapat.test import SapatTestCase

from .faults import form_fields


def stale_shown(answer) -> bool:
    """Does the page carry the conflict message, in the language it was answered in?"""
    from django.utils.html import escape
    from django.utils.translation import override

    from sapat.lib.locking import VersionedFormMixin

    with override(answer.headers.get("Content-Language", "ky")):
        return escape(str(VersionedFormMixin.stale_message)) in answer.content.decode()


def admin_fields(page: str, model: str) -> list[tuple[str, str]]:
    """What the admin's change form would submit (the form is `id="<model>_form"`)."""
    return form_fields(page.replace(f'id="{model}_form"', f'id="{model}_form" data-testid="admin"'),
                       "admin")


def replace(fields, name, value):
    return [(k, value if k == name else v) for k, v in fields]


class AdminSaveTests(SapatTestCase):
    def setUp(self):
        from sapat.processes.tests.factories import make_process

        self.root = Person.objects.create_superuser("root", "root@example.kg", "x")
        self.risk = services.risk_create(
            by=self.head, unit=self.dep_a1, title="Бир тобокелдик", likelihood=3,
            consequences=4, cause="Себеби", people=[self.staff],
            process=make_process(self.university), category=RiskCategory.objects.first())
        self.admin_url = reverse("admin:risks_risk_change", args=[self.risk.pk])
        self.edit_url = reverse("risks:risk_edit", args=[self.risk.pk])

    def stored(self):
        return Risk.objects.get(pk=self.risk.pk)

    def admin_form(self):
        self.client.force_login(self.root)
        page = self.client.get(self.admin_url)
        self.assertEqual(page.status_code, 200)
        return admin_fields(page.content.decode(), "risk")

    def head_form(self):
        self.client.force_login(self.head)
        return form_fields(self.client.get(self.edit_url).content.decode(), "risk-form")

    def post(self, person, url, fields):
        self.client.force_login(person)
        return self.client.post(url, urlencode(fields),
                                content_type="application/x-www-form-urlencoded")

    def test_an_admin_save_moves_the_version_and_writes_history(self):
        before = self.stored()
        history = before.history.count()
        answer = self.post(self.root, self.admin_url,
                           replace(self.admin_form(), "title", "Админ оңдоду"))
        self.assertEqual(answer.status_code, 302, answer.content[:2000])
        after = self.stored()
        self.assertEqual(after.title, "Админ оңдоду")
        self.assertEqual(after.version, before.version + 1)
        self.assertEqual(after.history.count(), history + 1)
        self.assertEqual(after.history.first().history_user, self.root)

    def test_an_edit_form_opened_before_an_admin_save_gets_the_conflict(self):
        head_fields = self.head_form()
        self.post(self.root, self.admin_url, replace(self.admin_form(), "title", "Админ оңдоду"))
        answer = self.post(self.head, self.edit_url, replace(head_fields, "cause", "Башка себеп"))
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(stale_shown(answer))
        self.assertEqual((self.stored().title, self.stored().cause), ("Админ оңдоду", "Себеби"))

    def test_an_admin_form_opened_before_another_save_gets_the_conflict(self):
        admin_fields_then = self.admin_form()
        answer = self.post(self.head, self.edit_url,
                           replace(self.head_form(), "title", "Башчы оңдоду"))
        self.assertEqual(answer.status_code, 302)
        version = self.stored().version
        answer = self.post(self.root, self.admin_url,
                           replace(admin_fields_then, "cause", "Админдин себеби"))
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(stale_shown(answer))
        stored = self.stored()
        self.assertEqual((stored.title, stored.cause, stored.version),
                         ("Башчы оңдоду", "Себеби", version))

    def test_an_admin_save_that_changes_nothing_makes_no_version(self):
        before = self.stored()
        history = before.history.count()
        answer = self.post(self.root, self.admin_url, self.admin_form())
        self.assertEqual(answer.status_code, 302)
        self.assertEqual((self.stored().version, self.stored().history.count()),
                         (before.version, history))

    def test_a_scale_whose_levels_alone_change_moves_its_version(self):
        scale = RiskScale.objects.get(is_active=True)
        url = reverse("admin:risks_riskscale_change", args=[scale.pk])
        self.client.force_login(self.root)
        fields = admin_fields(self.client.get(url).content.decode(), "riskscale")
        level = next(k for k, _v in fields if k.endswith("-0-description"))
        answer = self.post(self.root, url, replace(fields, level, "Жаңы сүрөттөмө"))
        self.assertEqual(answer.status_code, 302, answer.content[:3000])
        self.assertEqual(RiskScale.objects.get(pk=scale.pk).version, scale.version + 1)


def test_every_versioned_model_in_the_admin_saves_through_the_version_check():
    loose = [model.__name__ for model, model_admin in admin.site._registry.items()
             if issubclass(model, Versioned) and not isinstance(model_admin, VersionedAdmin)]
    assert loose == []
