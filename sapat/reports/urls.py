from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
]
