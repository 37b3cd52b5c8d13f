"""A NUL character in any input answers 400 with a message in the person's language, never
a 500 (PostgreSQL refuses strings holding NUL). Run also on PostgreSQL (DATABASE_URL)."""

import json

from django.core.cache import cache
from django.test import TestCase

from sapat.demo.loader import load_demo
from sapat.org.models import Person

URLS = [
    "/api/v1/integrated/?unit=%00",
    "/api/v1/risks/?unit=%00",
    "/api/v1/risks/?search=a%00b",
    "/dashboards/integrated/?unit=%00",
    "/reports/export/consolidated.xlsx?unit=%00",
    "/reports/export/integrated.pdf?unit=%00",
    "/reports/export/process-card.docx?process=%00",
    "/risks/register/?q=%00",
    "/risks/?%00=1",
]


class NulByteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)
        cls.qms = Person.objects.get(username="qms")

    def setUp(self):
        cache.clear()
        self.client.force_login(self.qms)

    def test_query_strings_with_nul_answer_400_with_a_message(self):
        for url in URLS:
            with self.subTest(url=url):
                r = self.client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
                self.assertEqual(r.status_code, 400)
                if url.startswith("/api/"):
                    self.assertEqual(r.json()["code"], "nul_character")
                    self.assertIn("NUL", r.json()["detail"])
                else:
                    self.assertContains(r, 'data-testid="bad-request"', status_code=400)
                    self.assertContains(r, "NUL", status_code=400)

    def test_the_message_is_in_the_persons_language(self):
        r = self.client.get("/dashboards/integrated/?unit=%00", HTTP_ACCEPT_LANGUAGE="ky")
        self.assertContains(r, 'lang="ky"', status_code=400)
        self.assertNotContains(r, "which no field may contain", status_code=400)
        r = self.client.get("/api/v1/integrated/?unit=%00", HTTP_ACCEPT_LANGUAGE="ru")
        self.assertNotIn("which no field may contain", r.json()["detail"])

    def test_a_token_name_with_nul_is_refused(self):
        r = self.client.post(
            "/api/v1/tokens/",
            data=json.dumps({"name": "a\u0000b"}),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 400)
        r = self.client.post("/profile/tokens/", {"name": "a\x00b"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, 'data-testid="bad-request"', status_code=400)
        self.assertFalse(self.qms.api_tokens.exists() if hasattr(self.qms, "api_tokens") else False)

    def test_json_bodies_and_headers_with_nul_are_refused(self):
        body = json.dumps({"title": "x", "nested": [{"k": "v\u0000"}]})
        r = self.client.post("/api/v1/risks/", data=body, content_type="application/json")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["code"], "nul_character")
        # An escaped backslash followed by "u0000" is no NUL: it reaches the view.
        r = self.client.post(
            "/api/v1/tokens/",
            data=json.dumps({"name": "a\\u0000"}),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 201)
        r = self.client.get("/api/v1/risks/", HTTP_AUTHORIZATION="Token abc\x00def")
        self.assertEqual(r.status_code, 400)
        r = self.client.get("/dashboards/integrated/", HTTP_COOKIE="sessionid=abc\x00defghijk")
        self.assertEqual(r.status_code, 400)

    def test_a_path_with_nul_is_refused(self):
        r = self.client.get("/risks/%00/")
        self.assertEqual(r.status_code, 400)

    def test_a_multipart_body_without_a_boundary_is_refused_not_a_traceback(self):
        # The check reads request.POST; a broken multipart body must reach the view's own
        # parser (400), not raise out of the middleware (schemathesis found it).
        with self.assertLogs("django.request", level="WARNING") as logged:
            answer = self.client.post("/api/v1/measures/", data=b"x=1",
                                      content_type="multipart/form-data")
        self.assertIn(answer.status_code, (400, 415), answer.content[:300])
        self.assertEqual([r.getMessage() for r in logged.records if r.exc_info], [])
