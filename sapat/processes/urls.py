from django.urls import path

from . import views

app_name = "processes"
urlpatterns = [
    path("", views.process_map, name="map"),
    path("policy/", views.policy, name="policy"),
]
