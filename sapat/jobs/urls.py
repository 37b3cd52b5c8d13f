from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.my_downloads, name="mine"),
    path("backup/", views.start_backup, name="backup"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/status/", views.status, name="status"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("<uuid:pk>/remove/", views.remove, name="remove"),
]
