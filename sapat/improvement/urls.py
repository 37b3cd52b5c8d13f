from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/actions-done/", views.actions_done, name="actions_done"),
    path("<int:pk>/review-plan/", views.review_plan, name="review_plan"),
    path("<int:pk>/close/", views.close, name="close"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
    path("findings/<int:finding_pk>/open/", views.from_finding, name="from_finding"),
]
