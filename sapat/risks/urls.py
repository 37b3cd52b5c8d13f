from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("passport/", views.passport_home, name="passport_home"),
    path("my-measures/", views.my_measures, name="my_measures"),
]
