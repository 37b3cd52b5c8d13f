from django import forms
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from sapat.lib.form_errors import errors_to_form


class _Form(forms.Form):
    title = forms.CharField()


class ErrorsToFormTests(SimpleTestCase):
    def form(self):
        form = _Form({"title": "x"})
        self.assertTrue(form.is_valid())
        return form

    def test_a_fields_message_stands_beside_the_field(self):
        form = self.form()
        errors_to_form(form, ValidationError({"title": "Too short."}))
        self.assertEqual(form.errors["title"], ["Too short."])
        self.assertNotIn("title", form.cleaned_data)

    def test_a_field_the_form_does_not_show_goes_above_it(self):
        form = self.form()
        errors_to_form(form, ValidationError({"unit": "Not yours.", "title": "Empty."}))
        self.assertEqual(form.non_field_errors(), ["Not yours."])
        self.assertEqual(form.errors["title"], ["Empty."])

    def test_a_plain_refusal_goes_above_the_form(self):
        form = self.form()
        errors_to_form(form, ValidationError(["First.", "Second."]))
        self.assertEqual(form.non_field_errors(), ["First.", "Second."])
