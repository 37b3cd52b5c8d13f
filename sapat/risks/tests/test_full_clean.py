"""The services' validation: every rule `full_clean()` checks, without the repeated queries.

`services._full_clean` trusts related records passed in as loaded objects and does not ask
the database again about the check constraints the model already applies in Python
(`CHECKED_BY_THE_MODEL`). These tests keep both shortcuts honest: each such constraint
says exactly what its Python twin says, and everything else is still refused.
"""
import itertools

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.risks import services
from sapat.risks.models import Measure, Opportunity, Risk
from sapat.test import SapatTestCase


def constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


def database_accepts(record, name) -> bool:
    try:
        constraint(type(record), name).validate(type(record), record)
    except ValidationError:
        return False
    return True


def python_accepts(record, fields) -> bool:
    """Do the field validators and clean() pass `fields`, as the model checks them?"""
    others = {f.name for f in record._meta.fields} - set(fields)
    errors: dict = {}
    for check in (lambda: record.clean_fields(exclude=others), record.clean):
        try:
            check()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    return not set(errors) & {*fields, NON_FIELD_ERRORS}


class ConstraintTwinTests(SapatTestCase):
    def test_every_constraint_named_is_a_constraint_of_a_risks_model(self):
        names = {c.name for m in (Risk, Opportunity, Measure) for c in m._meta.constraints}
        self.assertLessEqual(services.CHECKED_BY_THE_MODEL, names)

    def test_score_validators_refuse_exactly_what_the_scores_constraint_refuses(self):
        for likelihood, consequences in itertools.product(range(-1, 8), repeat=2):
            risk = Risk(unit=self.dep_a1, title="t", likelihood=likelihood,
                        consequences=consequences)
            with self.subTest(likelihood=likelihood, consequences=consequences):
                self.assertEqual(
                    python_accepts(risk, ["likelihood", "consequences"]),
                    database_accepts(risk, "risk_scores_1_5"),
                )

    def test_measure_clean_refuses_exactly_what_the_owner_constraint_refuses(self):
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="r", likelihood=2,
                                    consequences=2)
        opp = services.opportunity_create(by=self.head, unit=self.dep_a1, title="o")
        for owners in ({}, {"risk": risk}, {"opportunity": opp},
                       {"risk": risk, "opportunity": opp}):
            measure = Measure(text="m", **owners)
            with self.subTest(owners=sorted(owners)):
                self.assertEqual(python_accepts(measure, ["risk", "opportunity"]),
                                 database_accepts(measure, "measure_belongs_to_exactly_one"))


class FullCleanTests(SapatTestCase):
    def make(self, **fields):
        values = {"unit": self.dep_a1, "title": "Риск", "likelihood": 3, "consequences": 3,
                  "created_by": self.head}
        return Risk(**{**values, **fields})

    def errors(self, clean, risk):
        with pytest.raises(ValidationError) as caught:
            clean(risk)
        return caught.value.message_dict

    def test_it_refuses_what_full_clean_refuses_with_the_same_messages(self):
        cases = [
            {"likelihood": 6}, {"consequences": 0, "title": ""},
            {"residual_likelihood": 2}, {"residual_score": 12},
            {"residual_likelihood": 2, "residual_consequences": 2, "residual_score": 3},
            {"title": "x" * 501, "deadline_text": "y" * 201},
        ]
        for fields in cases:
            with self.subTest(fields=sorted(fields)):
                self.assertEqual(self.errors(services._full_clean, self.make(**fields)),
                                 self.errors(Risk.full_clean, self.make(**fields)))

    def test_loaded_related_records_are_not_read_again(self):
        risk = self.make()
        with CaptureQueriesContext(connection) as ctx:
            services._full_clean(risk)
        self.assertEqual(len(ctx.captured_queries), 0)

    def test_a_related_record_given_by_id_is_still_looked_up(self):
        risk = self.make(unit=None, created_by=None)
        risk.unit_id = 987654
        self.assertIn("unit", self.errors(services._full_clean, risk))

    def test_an_unsaved_related_record_is_still_refused(self):
        from sapat.org.models import Unit

        risk = self.make(unit=Unit(code="ghost", name="ghost", kind=Unit.Kind.DEPARTMENT))
        with pytest.raises((ValidationError, ValueError)):
            services._full_clean(risk)
