"""The risk scale screen: QMS office only; bands checked; moves previewed; history kept."""
from django.urls import reverse

from sapat.risks.models import RiskBand, RiskScale, ScaleLevel
from sapat.test import SapatTestCase

from .registers_fixtures import make_risk


def form_data(scale, **changes):
    """The scale form as the page would post it, with `changes` applied.

    `changes` keys: "band-<code>-<field>" and "level-<axis>-<score>-<field>".
    """
    data = {"version": scale.version, "confirmed": ""}
    bands = list(scale.bands.order_by("min_level"))
    levels = list(scale.levels.order_by("axis", "score"))
    data.update({"bands-TOTAL_FORMS": len(bands), "bands-INITIAL_FORMS": len(bands),
                 "levels-TOTAL_FORMS": len(levels), "levels-INITIAL_FORMS": len(levels)})
    for i, b in enumerate(bands):
        for field in ("label", "label_ru", "label_en", "min_level", "max_level", "colour"):
            data[f"bands-{i}-{field}"] = changes.get(f"band-{b.code}-{field}",
                                                     getattr(b, field))
        data[f"bands-{i}-id"] = b.pk
    for i, lv in enumerate(levels):
        for field in ("description", "description_ru", "description_en"):
            data[f"levels-{i}-{field}"] = changes.get(f"level-{lv.axis}-{lv.score}-{field}",
                                                      getattr(lv, field))
        data[f"levels-{i}-id"] = lv.pk
    return data


class ScaleScreenTests(SapatTestCase):
    url = reverse("risks:scale")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.scale = RiskScale.active()
        make_risk(cls.dep_a1, "Twelve", 3, 4)       # high → medium if medium reaches 12
        make_risk(cls.dep_a1, "Also twelve", 4, 3, residual_score=12)
        make_risk(cls.dep_b1, "Twenty", 4, 5)

    def band(self, code):
        return RiskBand.objects.get(scale=self.scale, code=code)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_person_without_roles_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_head_and_rector_get_403(self):
        for person in (self.head, self.rector):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_qms_sees_the_scale_texts_and_bands(self):
        self.login(self.qms)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "дээрлик эч качан")
        self.assertContains(response, 'value="жогору"')
        self.assertContains(response, 'data-band="medium"')

    def test_qms_edits_a_description_in_russian(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"level-likelihood-3-description_ru": "Средняя"})
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url)
        level = ScaleLevel.objects.get(scale=self.scale, axis="likelihood", score=3)
        self.assertEqual(level.description_ru, "Средняя")
        latest = level.history.latest()
        self.assertEqual((latest.description_ru, latest.history_user), ("Средняя", self.qms))
        page = self.client.get(self.url).content.decode()
        history = page[page.index('data-testid="scale-history"'):]
        self.assertIn("Средняя", history)

    def test_a_gap_between_bands_is_refused_and_nothing_saved(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-medium-max_level": 9})
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1")
        self.assertTrue(response.context["band_set"].non_form_errors())
        self.assertEqual(self.band("medium").max_level, 10)

    def test_an_overlap_is_refused(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-medium-max_level": 12})
        response = self.client.post(self.url, data)
        self.assertTrue(response.context["band_set"].non_form_errors())
        self.assertEqual(self.band("medium").max_level, 10)

    def test_a_change_of_thresholds_is_previewed_before_saving(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-medium-max_level": 12,
                                        "band-high-min_level": 13})
        response = self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, 'data-testid="scale-preview"')
        self.assertEqual(response.context["preview"]["inherent"],
                         ["2 will move from “high” to “medium”"])
        self.assertEqual(response.context["preview"]["residual"],
                         ["1 will move from “high” to “medium”"])
        self.assertEqual(self.band("medium").max_level, 10)  # not saved yet

    def test_confirming_the_preview_saves_and_rebands_every_risk(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-medium-max_level": 12,
                                        "band-high-min_level": 13})
        preview = self.client.post(self.url, data)
        data["confirmed"] = preview.context["meta"].initial["confirmed"]
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url)
        self.assertEqual(self.band("medium").max_level, 12)
        self.assertEqual(self.band("high").history.latest().min_level, 13)
        self.assertEqual(self.band("high").history.latest().history_user, self.qms)
        consolidated = self.client.get(reverse("risks:consolidated"), {"band": "medium"})
        self.assertCountEqual([r.record.title for r in consolidated.context["rows"]],
                              ["Twelve", "Also twelve"])

    def test_a_confirmation_for_other_thresholds_previews_again(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-medium-max_level": 12,
                                        "band-high-min_level": 13})
        data["confirmed"] = "low:1-5,medium:6-11,high:12-25"
        response = self.client.post(self.url, data)
        self.assertContains(response, 'data-testid="scale-preview"')
        self.assertEqual(self.band("medium").max_level, 10)

    def test_a_colour_must_be_a_hex_colour(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-high-colour": "red"})
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.band("high").colour, "#f6b3ad")

    def test_a_stale_version_is_refused(self):
        self.login(self.qms)
        data = form_data(self.scale, **{"band-high-label_en": "severe"})
        RiskScale.objects.filter(pk=self.scale.pk).update(version=self.scale.version + 1)
        response = self.client.post(self.url, data, follow=True)
        self.assertContains(response, "msg-error")
        self.assertEqual(self.band("high").label_en, "high")
