from django.urls import path

from . import import_views, kpi_views, objective_views, policy_views, views

app_name = "processes"
urlpatterns = [
    path("", views.process_map, name="map"),
    path("new/", views.process_create, name="create"),
    path("<int:pk>/", views.process_card, name="card"),
    path("<int:pk>/edit/", views.process_edit, name="edit"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_edit, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("kpis/", kpi_views.indicator_list, name="kpis"),
    path("kpis/settings/", kpi_views.monitoring_settings, name="kpi_settings"),
    path("kpis/new/", kpi_views.indicator_edit, name="kpi_create"),
    path("kpis/<int:pk>/", kpi_views.indicator_detail, name="kpi"),
    path("kpis/<int:pk>/edit/", kpi_views.indicator_edit, name="kpi_edit"),
    path("kpis/<int:pk>/chart.svg", kpi_views.indicator_chart, name="kpi_chart"),
    path("values/<int:pk>/evidence/", kpi_views.measurement_evidence, name="evidence"),
    path("kpis/import/", import_views.import_upload, name="kpi_import"),
    path("kpis/import/commit/", import_views.import_commit, name="kpi_import_commit"),
    path("kpis/import/template.xlsx", import_views.import_template, name="kpi_template"),
    path("policy/", policy_views.policy, name="policy"),
    path("policy/new/", policy_views.policy_draft, name="policy_draft"),
    path("policy/<int:pk>/", policy_views.policy_version, name="policy_version"),
    path("policy/<int:pk>/edit/", policy_views.policy_draft_edit, name="policy_draft_edit"),
    path("policy/<int:pk>/acknowledge/", policy_views.policy_acknowledge_view,
         name="policy_acknowledge"),
    path("policy/acknowledgements/", policy_views.acknowledgements, name="acknowledgements"),
    path("objectives/", objective_views.objective_list, name="objectives"),
    path("objectives/new/", objective_views.objective_edit, name="objective_create"),
    path("objectives/<int:pk>/edit/", objective_views.objective_edit, name="objective_edit"),
]
