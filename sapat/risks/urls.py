from django.urls import path

from . import views, views_heatmap, views_pickers, views_registers, views_scale

app_name = "risks"

urlpatterns = [
    # Task A: passport, risk/opportunity pages, measures.
    path("passport/", views.passport_home, name="passport_home"),
    path("passport/<slug:code>/", views.passport, name="passport"),
    path("passport/<slug:code>/add/", views.risk_create, name="risk_create"),
    path("passport/<slug:code>/opportunities/add/", views.opportunity_create,
         name="opportunity_create"),
    path("score-preview/", views.score_preview, name="score_preview"),
    path("people/search/", views_pickers.people_search, name="people_search"),
    path("positions/search/", views_pickers.position_search, name="position_search"),
    path("<int:pk>/", views.risk_detail, name="risk_detail"),
    path("<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("<int:pk>/row/", views.risk_row, name="risk_row"),
    path("<int:pk>/reassess/", views.risk_reassess, name="risk_reassess"),
    path("<int:pk>/status/", views.risk_status, name="risk_status"),
    path("<int:pk>/escalate/", views.risk_escalate, name="risk_escalate"),
    path("<int:pk>/deescalate/", views.risk_deescalate, name="risk_deescalate"),
    path("<int:pk>/archive/", views.risk_archive, name="risk_archive"),
    path("<int:pk>/restore/", views.risk_restore, name="risk_restore"),
    path("archived/", views.archived, name="archived"),
    path("opportunities/<int:pk>/restore/", views.opportunity_restore,
         name="opportunity_restore"),
    path("<int:pk>/measures/add/", views.measure_create, {"kind": "risk"},
         name="measure_create"),
    path("opportunities/<int:pk>/measures/add/", views.measure_create,
         {"kind": "opportunity"}, name="opportunity_measure_create"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/mark/", views.opportunity_mark, name="opportunity_mark"),
    path("opportunities/<int:pk>/archive/", views.opportunity_archive,
         name="opportunity_archive"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/complete/", views.measure_complete, name="measure_complete"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("measures/<int:pk>/archive/", views.measure_archive, name="measure_archive"),
    path("measures/<int:pk>/evidence/", views.measure_evidence, name="measure_evidence"),
    path("my-measures/", views.my_measures, name="my_measures"),
    # Task B adds its routes (register, heat map, scale) below this line.
    path("register/", views_registers.register, name="register"),
    path("register/<int:pk>/escalate/", views_registers.escalate, name="register_escalate"),
    path("register/<int:pk>/deescalate/", views_registers.deescalate,
         name="register_deescalate"),
    path("register/<int:pk>/renumber/", views_registers.renumber, name="register_renumber"),
    path("consolidated/", views_registers.consolidated, name="consolidated"),
    path("heatmap/", views_heatmap.heatmap, name="heatmap"),
    path("scale/", views_scale.scale, name="scale"),
]
