"""`sapat send_reminders` against a real SMTP server (aiosmtpd) started in the test."""
import datetime
import email
import socket
from email.policy import default as default_policy
from io import StringIO

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from sapat.org.models import Position
from sapat.risks import services
from sapat.risks.models import ReminderLog
from sapat.test import SapatTestCase


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SendRemindersTests(SapatTestCase):
    def setUp(self):
        self.inbox = Inbox()
        port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)
        self.controller.start()
        self.addCleanup(self.controller.stop)
        self.smtp = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
        )
        self.smtp.enable()
        self.addCleanup(self.smtp.disable)
        today = timezone.localdate()
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Risk A",
                                    likelihood=3, consequences=4)
        self.staff.language = "ru"
        self.staff.save()
        services.measure_create(by=self.head, risk=risk, text="Overdue work",
                                due_date=today - datetime.timedelta(days=2), people=[self.staff])
        services.measure_create(by=self.head, risk=risk, text="Soon work",
                                due_date=today + datetime.timedelta(days=5), people=[self.staff])
        services.measure_create(by=self.head, risk=risk, text="Far work",
                                due_date=today + datetime.timedelta(days=40), people=[self.staff])
        post = Position.objects.create(code="p", unit=self.dep_a1, name="Post", holder=self.head)
        services.measure_create(by=self.head, risk=risk, text="Post work",
                                due_date=today + datetime.timedelta(days=1), positions=[post])

    def run_command(self):
        out = StringIO()
        call_command("send_reminders", stdout=out)
        return out.getvalue()

    def test_each_responsible_person_gets_one_digest_in_their_language(self):
        self.assertIn("2", self.run_command())
        by_rcpt = {tuple(r)[0]: m for r, m in self.inbox.messages}
        self.assertEqual(set(by_rcpt), {"staff@example.kg", "head@example.kg"})
        body = by_rcpt["staff@example.kg"].get_content()
        self.assertIn("Overdue work", body)
        self.assertIn("Soon work", body)
        self.assertNotIn("Far work", body)
        self.assertIn("Post work", by_rcpt["head@example.kg"].get_content())
        # Russian for staff (their language), Kyrgyz for head (the default).
        self.assertRegex(body, "[А-Яа-я]")
        self.assertNotEqual(by_rcpt["staff@example.kg"]["Subject"],
                            by_rcpt["head@example.kg"]["Subject"])

    def test_a_second_run_the_same_day_sends_nothing(self):
        self.run_command()
        self.assertEqual(len(self.inbox.messages), 2)
        self.run_command()
        self.assertEqual(len(self.inbox.messages), 2)
        self.assertEqual(ReminderLog.objects.count(), 2)

    def test_a_failed_send_is_not_logged_so_it_is_retried(self):
        with override_settings(EMAIL_PORT=free_port()), self.assertLogs("sapat.risks",
                                                                          "ERROR"):
            self.run_command()
        self.assertEqual(ReminderLog.objects.count(), 0)
        self.run_command()
        self.assertEqual(ReminderLog.objects.count(), 2)

    def test_the_link_in_a_reminder_starts_with_site_url(self):
        with override_settings(SITE_URL="https://qms.jasu.kg"):
            self.run_command()
        body = self.inbox.messages[0][1].get_content()
        # Each item links to where it is done, and the digest to the whole inbox.
        self.assertRegex(body, r"https://qms\.jasu\.kg/risks/measures/\d+/complete/")
        self.assertIn("https://qms.jasu.kg/inbox/", body)

    def test_production_refuses_to_send_without_site_url(self):
        from django.core.management.base import CommandError

        with override_settings(PRODUCTION=True, SITE_URL=""), \
                self.assertRaisesMessage(CommandError, "SITE_URL"):
            self.run_command()
        self.assertEqual(self.inbox.messages, [])
        self.assertEqual(ReminderLog.objects.count(), 0)
        with override_settings(PRODUCTION=True, SITE_URL="https://qms.jasu.kg"):
            self.run_command()
        self.assertEqual(len(self.inbox.messages), 2)
