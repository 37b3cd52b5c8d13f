from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("signin/unknown/", views.unknown, name="unknown"),
    path("signin/university/", oidc.SignInStart.as_view(), name="oidc_start"),
    path("signin/university/return/", oidc.SignInReturn.as_view(), name="oidc_callback"),
    path("invite/", views.invitation_accept_view, name="invitation_accept"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("settings/", views.signin_settings, name="signin_settings"),
    path("settings/invite-new/", views.invite_new, name="invite_new"),
    path("people/<int:pk>/invite/", views.invite_person, name="invite_person"),
]
