"""`sapat generate --scale small`: the counts, the shape, and data the forms would accept."""
from io import StringIO

from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from django.urls import reverse

from sapat.org.models import PATH_STEP, Period, Person, Role, RoleAssignment, Unit
from sapat.processes.models import Indicator, Measurement, Process
from sapat.risks import scoring
from sapat.risks.models import Assessment, Measure, Opportunity, Risk
from sapat.synth.digest import digest
from sapat.synth.scale import DEFAULT_TODAY, SCALES

SMALL = SCALES["small"]


class GenerateSmallTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        err = StringIO()
        call_command("generate", scale="small", seed=3, stdout=cls.out, stderr=err)
        cls.progress = err.getvalue()

    def test_small_scale_has_the_expected_counts(self):
        self.assertEqual(Unit.objects.count(), SMALL.units)
        self.assertEqual(Person.objects.count(), SMALL.people)
        self.assertEqual(Process.objects.count(), SMALL.processes)
        self.assertEqual(Indicator.objects.count(), SMALL.kpis)
        self.assertEqual(Risk.objects.count(), SMALL.risks)
        self.assertEqual(Opportunity.objects.count(), SMALL.opportunities)
        self.assertEqual(Measure.objects.count(), SMALL.measures)
        self.assertEqual(
            list(Risk.objects.escalated().order_by("register_number")
                 .values_list("register_number", flat=True)),
            list(range(1, SMALL.escalated + 1)),
        )

    def test_the_tree_has_right_materialised_paths(self):
        units = {u.pk: u for u in Unit.objects.all()}
        self.assertEqual(sum(1 for u in units.values() if u.parent_id is None), 1)
        for unit in units.values():
            own = f"{unit.pk:0{PATH_STEP}d}"
            parent = units.get(unit.parent_id)
            self.assertEqual(unit.path, f"{parent.path}.{own}" if parent else own, unit.code)
            self.assertEqual(unit.depth, unit.path.count("."), unit.code)
        kinds = set(Unit.objects.values_list("kind", flat=True))
        self.assertLessEqual({"university", "governance", "service", "institute",
                              "department"}, kinds)
        dep = Unit.objects.filter(kind="department").first()
        self.assertEqual(list(dep.subtree()), [dep])
        self.assertIn(dep, Unit.objects.get(kind="university").subtree())

    def test_kpis_have_five_years_of_quarters(self):
        quarters = Period.objects.filter(kind=Period.Kind.QUARTER, start__lte=DEFAULT_TODAY)
        self.assertEqual(quarters.count(), 4 * SMALL.years + 1)  # and the current one
        per_indicator = Measurement.objects.values("indicator", "unit").annotate(n=Count("pk"))
        self.assertGreaterEqual(min(r["n"] for r in per_indicator), 4 * SMALL.years - 4)
        self.assertFalse(Measurement.objects.exclude(period__kind=Period.Kind.QUARTER).exists())
        for m in Measurement.objects.select_related("indicator", "unit", "period")[:200]:
            m.full_clean()

    def test_risks_are_valid_and_scored_by_the_scoring_module(self):
        for risk in Risk.objects.select_related("unit")[:200]:
            risk.full_clean()
            self.assertEqual(risk.level, risk.likelihood * risk.consequences)
        bands = {b.code for b in scoring.load_bands()}
        seen = {r.band.code for r in Risk.objects.with_scoring()}
        self.assertEqual(seen, bands, "risks in every band")

    def test_every_risk_starts_with_its_first_assessment_and_history(self):
        first = Assessment.objects.filter(old_likelihood__isnull=True)
        self.assertEqual(first.count(), SMALL.risks)
        self.assertGreater(Assessment.objects.count(), SMALL.risks, "some re-assessed")
        self.assertEqual(Risk.history.filter(history_type="+").count(), SMALL.risks)
        for risk in Risk.objects.all()[:50]:
            last = risk.assessments.order_by("at", "pk").last()
            self.assertEqual((last.new_likelihood, last.new_consequences),
                             (risk.likelihood, risk.consequences))
            self.assertEqual(risk.history.order_by("history_date").first().history_date,
                             risk.created_at)

    def test_measures_are_valid_some_overdue_some_done(self):
        done = Measure.objects.filter(status=Measure.Status.DONE)
        self.assertTrue(done.exists())
        self.assertFalse(done.filter(completed_on__isnull=True).exists())
        self.assertFalse(Measure.objects.filter(completed_on__gt=DEFAULT_TODAY).exists())
        self.assertTrue(Measure.objects.live().overdue(DEFAULT_TODAY).exists())
        for m in Measure.objects.select_related("risk", "opportunity")[:200]:
            m.full_clean()

    def test_audits_of_each_state_with_findings_of_each_grade(self):
        from sapat.audits import impartiality
        from sapat.audits.models import Audit, AuditProgramme, Finding

        self.assertEqual(AuditProgramme.objects.count(), SMALL.years)
        self.assertEqual(Audit.objects.count(), SMALL.years * SMALL.audits_per_year)
        states = set(Audit.objects.values_list("state", flat=True))
        self.assertTrue({Audit.State.CLOSED, Audit.State.PLANNED} <= states, states)
        self.assertEqual(set(Finding.objects.values_list("grade", flat=True)),
                         set(Finding.Grade.values))
        self.assertFalse(Finding.objects.filter(question__audit__state=Audit.State.PLANNED)
                         .exists())
        for audit in Audit.objects.prefetch_related("units")[:30]:
            units = list(audit.units.all())
            self.assertEqual(
                impartiality.refusals(audit.lead_auditor, units=units, processes=[],
                                      on=audit.planned_start), [], audit)
            self.assertEqual(audit.history.count(), 1)

    def test_five_years_of_meetings_with_decisions_some_overdue_some_done(self):
        from sapat.meetings.models import Decision, Meeting

        first = Meeting.objects.order_by("held_on").first().held_on
        self.assertGreaterEqual((DEFAULT_TODAY - first).days, 365 * 5 - 60)
        self.assertTrue(Decision.objects.filter(status=Decision.Status.DONE).exists())
        self.assertTrue(Decision.objects.live().overdue(DEFAULT_TODAY).exists())
        self.assertFalse(Decision.objects.filter(completed_on__gt=DEFAULT_TODAY).exists())
        self.assertTrue(Decision.responsible_people.through.objects.exists())
        for d in Decision.objects.select_related("meeting__body")[:100]:
            d.full_clean()

    def test_passports_are_skewed(self):
        sizes = sorted(Risk.objects.values("unit").annotate(n=Count("pk"))
                       .values_list("n", flat=True), reverse=True)
        self.assertGreater(sizes[0], 3 * sizes[len(sizes) // 2])

    def test_bench_logins_sign_in_with_their_roles(self):
        expected = {"bench-rector": Role.RECTOR, "bench-qms": Role.QMS,
                    "bench-director": Role.DIRECTOR, "bench-head": Role.HEAD,
                    "bench-service": Role.SERVICE_HEAD, "bench-staff": Role.STAFF}
        for username, role in expected.items():
            response = self.client.post(reverse("login"),
                                        {"username": username, "password": "bench"})
            self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
            self.assertTrue(RoleAssignment.objects.filter(person__username=username,
                                                          role=role).exists(), username)
            self.assertIn(username, self.out.getvalue())
        self.client.logout()
        response = self.client.post(reverse("login"),
                                    {"username": "bench-head", "password": "wrong"})
        self.assertEqual(response.status_code, 200)

    def test_the_heads_department_is_among_the_big_passports(self):
        head = Person.objects.get(username="bench-head")
        ranking = list(Risk.objects.values("unit").annotate(n=Count("pk"))
                       .order_by("-n").values_list("unit", flat=True))
        self.assertLess(ranking.index(head.unit_id), 5)
        staff = Person.objects.get(username="bench-staff")
        mine = Measure.objects.live().open().assigned_to(staff)
        self.assertGreaterEqual(mine.count(), 5)

    def test_other_people_cannot_sign_in(self):
        person = Person.objects.exclude(username__startswith="bench-").first()
        self.assertFalse(person.has_usable_password())

    def test_progress_goes_to_stderr(self):
        self.assertIn("100%", self.progress)
        self.assertNotIn("100%", self.out.getvalue())

    def test_the_digest_sees_a_changed_row(self):
        before, others = digest(), digest(skip=("risks_risk",))
        self.assertEqual(digest(), before)
        Risk.objects.filter(pk=Risk.objects.order_by("pk").last().pk).update(title="changed")
        self.assertNotEqual(digest(), before)
        self.assertEqual(digest(skip=("risks_risk",)), others)

    def test_it_refuses_a_database_that_holds_data(self):
        with self.assertRaises(CommandError):
            call_command("generate", scale="small", verbosity=0)
        self.assertEqual(Unit.objects.count(), SMALL.units)


class GenerateGuardTests(TestCase):
    def test_it_refuses_production_settings(self):
        with override_settings(PRODUCTION=True), self.assertRaises(CommandError):
            call_command("generate", scale="small", verbosity=0)
        self.assertFalse(Unit.objects.exists())

    def test_it_refuses_a_bad_date(self):
        with self.assertRaises(CommandError):
            call_command("generate", scale="small", today="02.11.2026", verbosity=0)

    def test_quiet_prints_nothing(self):
        out, err = StringIO(), StringIO()
        call_command("generate", scale="small", verbosity=0, stdout=out, stderr=err)
        self.assertEqual(out.getvalue() + err.getvalue(), "")
        self.assertEqual(Unit.objects.count(), SMALL.units)
