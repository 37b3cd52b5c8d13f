from django.urls import path

from . import profile

urlpatterns = [
    path("", profile.profile, name="profile"),
    path("tokens/", profile.token_new, name="profile_token_new"),
    path("tokens/<int:pk>/revoke/", profile.token_revoke_view, name="profile_token_revoke"),
]
