from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("integrated/", views.integrated, name="integrated"),
]
