from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from sapat.accounts import passwords
from sapat.accounts.views import SignInView

from . import views

# A database lost outside a view answers like one lost inside it: 503, try again.
handler400 = "sapat.lib.unavailable.bad_request"
handler500 = "sapat.lib.unavailable.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password/reset/", passwords.ResetStart.as_view(), name="password_reset"),
    path("password/reset/sent/", passwords.ResetDone.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", passwords.ResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/", passwords.ResetComplete.as_view(),
         name="password_reset_complete"),
    path("accounts/", include("sapat.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("history/<str:model>/<int:pk>/", views.history, name="history"),
    path("health/", views.health, name="health"),
    path("org/", include("sapat.org.urls")),
    path("processes/", include("sapat.processes.urls")),
    path("risks/", include("sapat.risks.urls")),
    path("audits/", include("sapat.audits.urls")),
    path("documents/", include("sapat.documents.urls")),
    path("improvement/", include("sapat.improvement.urls")),
    path("meetings/", include("sapat.meetings.urls")),
    path("approvals/", include("sapat.approvals.urls")),
    path("reviews/", include("sapat.reviews.urls")),
    path("inbox/", include("sapat.inbox.urls")),
    path("search/", include("sapat.search.urls")),
    path("reports/", include("sapat.reports.urls")),
    path("dashboards/", include("sapat.dashboards.urls")),
    path("profile/", include("sapat.api.profile_urls")),
    path("api/v1/", include("sapat.api.urls")),
    path("jobs/", include("sapat.jobs.urls")),
    path("admin/", admin.site.urls),
]

# No route serves MEDIA_ROOT, not even in development: evidence files leave only through
# the views that check who may read them (sapat.lib.uploads.attachment_response).
