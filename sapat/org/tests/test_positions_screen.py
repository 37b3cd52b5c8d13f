from django.urls import reverse

from sapat.org.models import Position
from sapat.test import SapatTestCase


class PositionScreenTests(SapatTestCase):
    def test_it_requires_the_qms_office(self):
        self.login(self.rector)
        self.assertEqual(self.client.get(reverse("org:positions")).status_code, 403)

    def test_qms_office_creates_a_position_held_by_a_person(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:position_new"), {
            "name": "Окуу иштери боюнча проректор", "code": "vr-academic",
            "unit": self.rectorate.pk, "holder": self.rector.pk, "order": 1,
        })
        self.assertRedirects(r, reverse("org:positions"))
        position = Position.objects.get(code="vr-academic")
        self.assertEqual(position.holder, self.rector)
        r = self.client.get(reverse("org:positions"))
        self.assertContains(r, "Окуу иштери боюнча проректор")
