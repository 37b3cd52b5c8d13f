from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("submit/<str:kind>/<int:object_id>/", views.submit_view, name="submit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/document/", views.document, name="document"),
    path("<int:pk>/approve/", views.approve_view, name="approve"),
    path("<int:pk>/return/", views.return_view, name="return"),
]
