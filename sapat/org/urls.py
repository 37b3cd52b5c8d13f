from django.urls import path

from . import views, views_import

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_edit, name="unit_new"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("positions/", views.position_list, name="positions"),
    path("positions/new/", views.position_edit, name="position_new"),
    path("positions/<int:pk>/", views.position_edit, name="position_edit"),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_edit, name="person_new"),
    path("people/<int:pk>/", views.person_edit, name="person_edit"),
    path("years/", views.year_list, name="years"),
    path("years/new/", views.year_create, name="year_new"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/new/", views.term_edit, name="term_new"),
    path("glossary/<int:pk>/", views.term_edit, name="term_edit"),
    path("import/", views_import.org_import, name="import"),
    path("import/save/", views_import.org_import_save, name="import_save"),
    path("import/done/", views_import.org_import_done, name="import_done"),
    path("import/template-<str:lang>.xlsx", views_import.org_template, name="import_template"),
    path("export/hr.xlsx", views_import.org_export, name="export_hr"),
]
