from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.document_create, name="create"),
    path("retention/", views.retention, name="retention"),
    path("retention/<int:pk>/decide/", views.disposal_decide, name="dispose"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/reviewed/", views.document_reviewed, name="reviewed"),
    path("<int:pk>/cite/", views.document_cite, name="cite"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("<int:pk>/people/search/", views.people_search, name="people_search"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/files/add/", views.file_add, name="file_add"),
    path("versions/<int:pk>/review/", views.version_review, name="send_review"),
    path("versions/<int:pk>/redraft/", views.version_redraft, name="redraft"),
    path("versions/<int:pk>/delete/", views.version_delete, name="version_delete"),
    path("versions/<int:pk>/comment/", views.version_comment, name="comment"),
    path("versions/<int:pk>/publish/", views.version_publish, name="publish"),
    path("versions/<int:pk>/withdraw/", views.version_withdraw, name="withdraw"),
    path("versions/<int:pk>/acknowledge/", views.version_acknowledge, name="acknowledge"),
    path("files/<int:pk>/", views.file_download, name="file"),
]
