"""The OpenAPI schema describes every field; the docs are served from this server."""
import re

from django.test import Client

from .base import ApiTestCase


def walk_properties(schema):
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            yield name, field, prop


class SchemaTests(ApiTestCase):
    client_class = Client

    def schema(self, language="en"):
        response = self.client.get("/api/v1/schema/?format=json",
                                   HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_schema_is_openapi_3_with_token_auth(self):
        schema = self.schema()
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertIn("tokenAuth", schema["components"]["securitySchemes"])
        for path in ("/api/v1/risks/", "/api/v1/risks/bulk/", "/api/v1/measurements/bulk/",
                     "/api/v1/integrated/", "/api/v1/scales/{id}/", "/api/v1/units/",
                     "/api/v1/processes/", "/api/v1/indicators/", "/api/v1/assessments/"):
            self.assertIn(path, schema["paths"])

    def test_every_field_of_every_component_is_described(self):
        missing = [
            f"{name}.{field}" for name, field, prop in walk_properties(self.schema())
            if not (prop.get("description") or "$ref" in prop or "allOf" in prop)
        ]
        self.assertEqual(missing, [])

    def test_level_and_band_are_read_only_in_the_schema(self):
        risk = self.schema()["components"]["schemas"]["Risk"]["properties"]
        for field in ("level", "band", "residual_level"):
            self.assertTrue(risk[field].get("readOnly"), field)
        request = self.schema()["components"]["schemas"]["RiskRequest"]["properties"]
        self.assertNotIn("level", request)
        self.assertNotIn("band", request)

    def test_descriptions_follow_the_language_of_the_request(self):
        en = self.schema("en")["components"]["schemas"]["Risk"]["properties"]["level"]
        self.assertIn("Likelihood", en["description"])


class DocsTests(ApiTestCase):
    client_class = Client

    def assets_are_local(self, html):
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            self.assertFalse(url.startswith(("http:", "https:", "//")), url)

    def test_swagger_ui_is_served_locally_with_the_script_as_a_file(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assets_are_local(html)
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", html)
        # No inline script: the site-wide CSP (script-src 'self') stays in force.
        self.assertNotRegex(html, r"<script>(?!\s*</script>)")
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        script = self.client.get("/api/v1/docs/?script=")
        self.assertEqual(script.status_code, 200)
        self.assertIn("javascript", script["Content-Type"])

    def test_redoc_is_served_locally_and_may_start_its_worker(self):
        response = self.client.get("/api/v1/redoc/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assets_are_local(html)
        self.assertNotIn("fonts.googleapis", html)
        self.assertIn("worker-src 'self' blob:", response["Content-Security-Policy"])
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
