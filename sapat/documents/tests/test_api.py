"""The documents API asks the screens' questions: confidentiality, drafts' files, states;
files come back hashed, and an obsolete version's PDF stamped."""
from django.core.cache import cache

from sapat.documents.models import DocumentVersion

from .base import DocumentTestCase, docx_bytes, upload
from .test_flow import pdf_text


class DocumentApiTests(DocumentTestCase):
    def setUp(self):
        cache.clear()  # the API's rate limits

    def codes(self, person):
        self.login(person)
        return {d["code"] for d in self.client.get("/api/v1/documents/").json()["results"]}

    def test_the_register_is_scoped_like_the_screens(self):
        self.assertEqual(self.codes(self.staff), {"P-01"})
        self.assertEqual(self.codes(self.head2), {"P-01", "C-01"})
        self.assertEqual(self.codes(self.outsider), set())
        self.login(self.staff)
        self.assertEqual(self.client.get(f"/api/v1/documents/{self.secret.pk}/").status_code,
                         404)

    def test_drafting_uploading_and_reviewing_through_the_api(self):
        self.login(self.head)
        response = self.client.post("/api/v1/document-versions/",
                                    {"document": self.procedure.pk, "change_summary": "Жаңы"},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        new_file = upload("v.docx", docx_bytes("Жаңы"))
        response = self.client.post(f"/api/v1/document-versions/{pk}/files/",
                                    {"language": "ky", "file": new_file})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(len(response.json()["sha256"]), 64)
        refused = self.client.post(f"/api/v1/document-versions/{pk}/files/",
                                   {"language": "ru", "file": upload("v.docx", b"<html>")})
        self.assertEqual(refused.status_code, 400)
        # the employee reads the document but not the draft's files, and may not draft
        self.login(self.staff)
        self.assertEqual(self.client.get(f"/api/v1/document-versions/{pk}/").json()["files"], [])
        self.assertEqual(self.client.post(f"/api/v1/document-versions/{pk}/review/")
                         .status_code, 403)
        self.login(self.head)
        response = self.client.post(f"/api/v1/document-versions/{pk}/review/")
        self.assertEqual(response.json()["state"], "review")

    def test_acknowledging_and_the_stamped_download(self):
        self.login(self.staff)
        response = self.client.post(f"/api/v1/document-versions/{self.v1.pk}/acknowledge/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(self.v1.acknowledgements.filter(person=self.staff).exists())
        DocumentVersion.objects.filter(pk=self.v1.pk).update(state="superseded")
        pdf = self.v1.files.get(language="ru")
        response = self.client.get(f"/api/v1/document-files/{pdf.pk}/download/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("OBSOLETE", pdf_text(response.content))
