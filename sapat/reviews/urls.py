from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/hold/", views.review_hold, name="hold"),
    path("<int:pk>/outputs/", views.output_add, name="output_add"),
    path("<int:pk>/people/search/", views.people_search, name="people_search"),
    path("<int:pk>/<str:doc>.<str:fmt>", views.review_document, name="document"),
    path("outputs/<int:pk>/", views.output_detail, name="output"),
    path("context/", views.context_register, name="context"),
    path("context/<int:pk>/", views.context_register, name="context_edit"),
    path("resources/", views.resource_reports, name="resources"),
    path("resources/<int:pk>/", views.resource_reports, name="resource_edit"),
    path("annual/generate/", views.annual_generate, name="annual_generate"),
    path("annual/<int:pk>/", views.annual_detail, name="annual"),
    path("annual/<int:pk>/report.<str:fmt>", views.annual_document, name="annual_document"),
]
