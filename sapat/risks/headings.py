"""The regulation's column headings of the risk tables, defined once: the screens
(passport, registers) and the documents (`reports.columns`) print the same words.

English msgids; the ky/ru catalogues hold the regulation's wording (Appendix 3: «№»,
«Тобокелдик», «Ыктымалдуулук (1-5)»…). Templates read them as `{{ h.H_RISK }}`.
"""
from django.utils.translation import pgettext_lazy

H_NUMBER = pgettext_lazy("regulation heading", "No.")
H_RISK = pgettext_lazy("regulation heading", "Risk")
H_RISK_NAME = pgettext_lazy("regulation heading", "Risk name")
H_CATEGORY = pgettext_lazy("regulation heading", "Risk category")
H_LIKELIHOOD = pgettext_lazy("regulation heading", "Likelihood (1–5)")
H_CONSEQUENCES = pgettext_lazy("regulation heading", "Consequences (1–5)")
H_LEVEL = pgettext_lazy("regulation heading", "Risk level")
H_LEVEL_LC = pgettext_lazy("regulation heading", "Risk level (L×C)")
H_RESPONSIBLE = pgettext_lazy("regulation heading", "Responsible")
H_MEASURES = pgettext_lazy("regulation heading", "Mitigation measures")
H_DEADLINE = pgettext_lazy("regulation heading", "Deadline")
H_RESIDUAL = pgettext_lazy("regulation heading", "Residual risk")
H_UNIT = pgettext_lazy("regulation heading", "Unit")
H_PROCESS = pgettext_lazy("regulation heading", "Process")

