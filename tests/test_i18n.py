"""Kyrgyz by default, Russian and English on request; formats right for each language."""
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import formats, translation

from sapat.test import SapatTestCase


class LanguageTests(SapatTestCase):
    def test_kyrgyz_is_the_default(self):
        self.login(self.head)
        r = self.client.get(reverse("home"))
        self.assertContains(r, '<html lang="ky">')
        self.assertContains(r, "Кош келиңиз")

    def test_the_switcher_changes_language_and_stays(self):
        self.login(self.head)
        r = self.client.post(reverse("set_language"), {"language": "ru", "next": "/"})
        self.assertEqual(r.status_code, 302)
        r = self.client.get(reverse("home"))
        self.assertContains(r, '<html lang="ru">')
        self.assertContains(r, "Добро пожаловать")

    def test_english_is_complete_too(self):
        self.login(self.head)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertContains(self.client.get(reverse("home")), "Welcome")

    def test_every_page_has_the_switcher(self):
        self.assertContains(self.client.get(reverse("login")), 'name="language" value="ru"')


class FormatTests(TestCase):
    def test_kyrgyz_and_russian_use_a_decimal_comma(self):
        for lang in ("ky", "ru"):
            with translation.override(lang):
                self.assertEqual(formats.number_format(Decimal("12.5"), 1), "12,5")

    def test_english_uses_a_decimal_point(self):
        with translation.override("en"):
            self.assertEqual(formats.number_format(Decimal("12.5"), 1), "12.5")

    def test_djangos_wrong_kyrgyz_password_reset_is_overridden(self):
        with translation.override("ky"):
            self.assertEqual(translation.gettext("Password reset"), "Сырсөздү калыбына келтирүү")

    def test_the_time_zone_is_bishkek(self):
        from django.conf import settings

        self.assertEqual(settings.TIME_ZONE, "Asia/Bishkek")
