from django import forms
from django.test import SimpleTestCase

from sapat.lib.widgets import QuickSelect

CHOICES = [("", "all"), ("dep-it", "IT & <Data>"),
           ("Groups", [("a", "Алма"), ("b", "Б \"quoted\"")])]


class Form(forms.Form):
    quick = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)
    plain = forms.ChoiceField(choices=CHOICES, required=False)


class QuickSelectTests(SimpleTestCase):
    def test_it_writes_what_djangos_select_writes(self):
        for data in ({}, {"quick": "b", "plain": "b"}, {"quick": "dep-it", "plain": "dep-it"}):
            form = Form(data)
            quick = str(form["quick"]).replace("quick", "FIELD")
            plain = str(form["plain"]).replace("plain", "FIELD")
            self.assertHTMLEqual(quick, plain)

    def test_it_escapes_labels_and_values(self):
        html = str(Form({"quick": "a"})["quick"])
        self.assertIn("IT &amp; &lt;Data&gt;", html)
        self.assertIn("Б &quot;quoted&quot;", html)
        self.assertIn('<option value="a" selected>Алма</option>', html)
        self.assertIn('<optgroup label="Groups">', html)
