"""Sign-in through a real OpenLDAP directory (Debian's slapd, started by the test)."""
from axes.models import AccessAttempt
from django.test import override_settings

from sapat.accounts.config import backends
from sapat.org.models import Person, Role, RoleAssignment
from sapat.test import SapatTestCase

from .servers.slapd import Directory, Entry

PEOPLE = [
    Entry("g.osmonova", "tog00-parol", "head@example.kg", "Гүлнара Осмонова"),
    Entry("stranger", "stranger-pass", "stranger@jasu.kg", "Белгисиз Адам"),
    Entry("q.officer", "qms-parol-1", "QMS@example.kg", "Айгүл Асанова"),
]


class DirectorySignInTests(SapatTestCase):
    @classmethod
    def setUpClass(cls):
        cls.directory = Directory(PEOPLE, groups={"qms": ["q.officer"],
                                                  "auditors": ["g.osmonova"]})
        cls.directory.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.directory.__exit__()

    def use(self, **overrides):
        ldap = self.directory.settings(**overrides)
        return override_settings(SAPAT_LDAP=ldap, AUTHENTICATION_BACKENDS=backends(ldap, None))

    def sign_in(self, username, password, language="ky"):
        return self.client.post("/login/", {"username": username, "password": password},
                                HTTP_ACCEPT_LANGUAGE=language)

    def test_a_person_signs_in_with_the_directory_password_as_the_imported_person(self):
        people = Person.objects.count()
        with self.use():
            response = self.sign_in("g.osmonova", "tog00-parol")
            self.assertRedirects(response, "/", fetch_redirect_response=False)
            home = self.client.get("/")
        self.assertEqual(home.status_code, 200)
        self.assertEqual(home.context["user"], self.head)
        self.assertEqual(Person.objects.count(), people)  # never a second account
        self.head.refresh_from_db()
        self.assertEqual(self.head.full_name, "Гүлнара Осмонова")  # displayName mapped

    def test_the_email_works_as_the_login_too(self):
        with self.use():
            response = self.sign_in("head@example.kg", "tog00-parol")
        self.assertEqual(response.status_code, 302)

    def test_a_person_unknown_to_sapat_is_sent_to_the_qms_office(self):
        people = Person.objects.count()
        with self.use():
            response = self.sign_in("stranger", "stranger-pass", "ru")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "stranger@jasu.kg", status_code=403)
        self.assertTemplateUsed(response, "accounts/unknown.html")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(Person.objects.count(), people)

    def test_a_wrong_password_is_refused_and_counted(self):
        with self.use():
            response = self.sign_in("g.osmonova", "wrong")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(AccessAttempt.objects.filter(username="g.osmonova").exists())

    def test_groups_give_and_take_mapped_roles(self):
        groups = (f"qms={self.directory.group_dn('qms')}; "
                  f"auditor={self.directory.group_dn('auditors')}")
        self.qms.email = "qms@example.kg"
        self.qms.save()
        RoleAssignment.objects.filter(person=self.qms).delete()
        RoleAssignment.objects.create(person=self.qms, role=Role.AUDITOR, unit=self.inst_a)
        with self.use(SAPAT_LDAP_ROLE_GROUPS=groups):
            self.assertEqual(self.sign_in("q.officer", "qms-parol-1").status_code, 302)
        # In the qms group: the QMS office's role, held in the university; not in auditors.
        self.assertEqual(set(self.qms.roles.values_list("role", "unit__code")),
                         {(Role.QMS, "jasu")})
        self.client.logout()
        with self.use(SAPAT_LDAP_ROLE_GROUPS=groups):
            self.assertEqual(self.sign_in("g.osmonova", "tog00-parol").status_code, 302)
        self.assertEqual(set(self.head.roles.values_list("role", "unit__code")),
                         {(Role.HEAD, "dep-a1"), (Role.AUDITOR, "dep-a1")})


class DirectoryDownTests(SapatTestCase):
    def test_a_directory_that_is_down_refuses_clearly_and_locks_nothing(self):
        with Directory(PEOPLE) as directory:
            ldap = directory.settings()
            directory.stop()  # the directory goes down
            with override_settings(SAPAT_LDAP=ldap, AUTHENTICATION_BACKENDS=backends(ldap, None),
                                   AXES_FAILURE_LIMIT=2):
                for _attempt in range(3):
                    response = self.client.post("/login/", {
                        "username": "g.osmonova", "password": "tog00-parol"},
                        HTTP_ACCEPT_LANGUAGE="en")
                    self.assertContains(response, "directory cannot be reached")
                self.assertFalse(AccessAttempt.objects.filter(username="g.osmonova").exists())
                # Sapat's own passwords still work while the directory is away…
                response = self.client.post("/login/", {
                    "username": "head", "password": "password-for-tests"})
                self.assertEqual(response.status_code, 302)
                self.client.logout()
                # …and guesses at them are still counted.
                self.client.post("/login/", {"username": "staff", "password": "guess"})
                self.assertTrue(AccessAttempt.objects.filter(username="staff").exists())
