from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/commit/", views.import_commit_view, name="import_commit"),
    path("import/template-<str:kind>-<str:lang>.xlsx", views.import_template,
         name="risk_import_template"),
]
