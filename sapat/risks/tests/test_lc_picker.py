"""The 5×5 picker's cells (issue 12): level and band per cell, nothing preselected."""
from sapat.risks.forms import RiskForm
from sapat.test import SapatTestCase


class LcGridTests(SapatTestCase):
    def grid(self, data):
        form = RiskForm(data, person=self.head)
        return form.lc_grid()

    def test_cells_have_level_and_band_and_only_a_full_choice_is_checked(self):
        grid = self.grid({"likelihood": "4"})
        self.assertEqual([c["l"] for c in grid[0]], [5] * 5)  # likelihood 5 on top
        self.assertEqual([c["c"] for c in grid[0]], [1, 2, 3, 4, 5])
        self.assertEqual(grid[1][4]["level"], 20)
        self.assertIsNotNone(grid[1][4]["band"])
        self.assertFalse(any(c["checked"] for row in grid for c in row))
        grid = self.grid({"likelihood": "4", "consequences": "5"})
        self.assertEqual([(c["l"], c["c"]) for row in grid for c in row if c["checked"]],
                         [(4, 5)])

    def test_the_form_page_shows_the_picker_hidden_until_the_script_runs(self):
        from django.urls import reverse

        self.login(self.head)
        page = self.client.get(reverse("risks:risk_create", args=[self.dep_a1.code]))
        self.assertContains(page, 'data-testid="lc-picker" hidden')
        self.assertContains(page, 'name="lc_cell"', count=25)
        self.assertNotContains(page, 'name="lc_cell" value="1-1" data-l="1" data-c="1" checked')
