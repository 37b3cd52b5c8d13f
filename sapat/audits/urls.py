from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/calendar/", views.programme_calendar, name="calendar"),
    path("programmes/<int:pk>/priorities/", views.programme_priorities, name="priorities"),
    path("programmes/<int:pk>/revise/", views.programme_revise, name="revise"),
    path("programmes/<int:pk>/audits/new/", views.audit_create, name="audit_create"),
    path("<int:pk>/", views.audit_detail, name="audit"),
    path("<int:pk>/edit/", views.audit_edit, name="audit_edit"),
    path("<int:pk>/start/", views.audit_start, name="audit_start"),
    path("<int:pk>/generate/", views.checklist_generate, name="generate"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/report/", views.audit_report, name="report"),
    path("<int:pk>/acknowledge/", views.audit_acknowledge, name="acknowledge"),
    path("<int:pk>/close/", views.audit_close, name="audit_close"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
    path("questions/<int:pk>/grade/", views.question_grade, name="grade"),
    path("questions/<int:pk>/files/add/", views.finding_file_add, name="file_add"),
    path("files/<int:pk>/", views.finding_file, name="file"),
    path("auditors/", views.auditors, name="auditors"),
    path("auditors/<int:pk>/remove/", views.auditor_remove, name="auditor_remove"),
    path("conflicts/", views.conflicts, name="conflicts"),
]
