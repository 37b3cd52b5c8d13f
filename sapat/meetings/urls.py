from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/attendance/", views.attendance_set, name="attendance_set"),
    path("<int:pk>/attendance/<int:row>/remove/", views.attendance_remove,
         name="attendance_remove"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:doc>/", views.document_download, name="document"),
    path("<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/", views.register, name="register"),
    path("people/search/", views.people_search, name="people_search"),
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/archive/", views.body_archive, name="body_archive"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/complete/", views.decision_complete, name="decision_complete"),
    path("decisions/<int:pk>/status/", views.decision_status, name="decision_status"),
    path("decisions/<int:pk>/evidence/", views.decision_evidence, name="decision_evidence"),
]
