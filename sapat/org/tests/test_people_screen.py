from django.urls import reverse

from sapat.org.access import Action, may
from sapat.org.models import Person, Role
from sapat.test import SapatTestCase


class PeopleScreenTests(SapatTestCase):
    def test_it_requires_login(self):
        r = self.client.get(reverse("org:people"))
        self.assertEqual(r.status_code, 302)

    def test_only_the_qms_office_manages_people(self):
        self.login(self.director)
        self.assertEqual(self.client.get(reverse("org:people")).status_code, 403)

    def test_qms_office_lists_people_with_their_roles(self):
        self.login(self.qms)
        r = self.client.get(reverse("org:people"))
        self.assertContains(r, "Head")
        self.assertContains(r, "Кафедра А1")

    def test_search_by_name(self):
        self.login(self.qms)
        r = self.client.get(reverse("org:people"), {"q": "Head2"})
        self.assertContains(r, "head2")
        self.assertNotContains(r, ">rector<")

    def test_qms_office_creates_a_person_with_a_role(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:person_new"), {
            "username": "newhead", "full_name": "Жаңы Башчы", "email": "n@example.kg",
            "unit": self.dep_a2.pk, "language": "ky", "is_active": "on",
            "password": "a-long-Passphrase-91",
            "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0",
            "roles-0-role": Role.HEAD, "roles-0-unit": self.dep_a2.pk,
        })
        self.assertRedirects(r, reverse("org:people"))
        person = Person.objects.get(username="newhead")
        self.assertTrue(person.check_password("a-long-Passphrase-91"))
        self.assertTrue(may(person, Action.UPDATE, self.dep_a2))
        self.assertFalse(may(person, Action.UPDATE, self.dep_a1))

    def test_a_weak_password_is_refused_with_nothing_saved(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:person_new"), {
            "username": "weak", "full_name": "W", "language": "ky", "password": "123",
            "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        })
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Person.objects.filter(username="weak").exists())

    def test_removing_a_role_takes_the_right_away(self):
        self.login(self.qms)
        assignment = self.head.roles.get()
        r = self.client.post(reverse("org:person_edit", args=[self.head.pk]), {
            "username": "head", "full_name": "Head", "email": "head@example.kg",
            "unit": self.dep_a1.pk, "language": "ky", "is_active": "on", "password": "",
            "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "1",
            "roles-0-id": assignment.pk, "roles-0-person": self.head.pk,
            "roles-0-role": Role.HEAD, "roles-0-unit": self.dep_a1.pk, "roles-0-DELETE": "on",
        })
        self.assertRedirects(r, reverse("org:people"))
        head = Person.objects.get(pk=self.head.pk)
        self.assertFalse(may(head, Action.READ, self.dep_a1))
        self.assertTrue(head.check_password("password-for-tests"))
