from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings


class DemoCommandTests(TestCase):
    def test_it_refuses_a_non_loopback_address(self):
        with self.assertRaises(CommandError):
            call_command("demo", "0.0.0.0:8000", no_serve=True)

    def test_it_refuses_to_run_under_production_settings(self):
        with override_settings(PRODUCTION=True), self.assertRaises(CommandError):
            call_command("demo", no_serve=True)

    def test_it_prepares_the_demo_on_loopback(self):
        from io import StringIO

        from sapat.org.models import Person

        out = StringIO()
        call_command("demo", "127.0.0.1:8765", no_serve=True, stdout=out)
        self.assertIn("http://127.0.0.1:8765/", out.getvalue())
        self.assertTrue(Person.objects.filter(username="qms").exists())
