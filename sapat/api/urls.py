"""`/api/v1/`: the router of every endpoint, the schema and the docs."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import (
    audits_api,
    docs,
    documents_api,
    improvement_api,
    integrated_api,
    jobs_api,
    meetings_api,
    org_api,
    org_import_api,
    processes_api,
    reviews_api,
    risks_api,
    search_api,
    tokens_api,
)

router = DefaultRouter()
router.include_root_view = False
router.register("units", org_api.UnitViewSet, basename="unit")
router.register("positions", org_api.PositionViewSet, basename="position")
router.register("people", org_api.PersonViewSet, basename="person")
router.register("process-groups", processes_api.ProcessGroupViewSet, basename="process-group")
router.register("processes", processes_api.ProcessViewSet, basename="process")
router.register("indicators", processes_api.IndicatorViewSet, basename="indicator")
router.register("periods", processes_api.PeriodViewSet, basename="period")
router.register("measurements", processes_api.MeasurementViewSet, basename="measurement")
router.register("risks", risks_api.RiskViewSet, basename="risk")
router.register("opportunities", risks_api.OpportunityViewSet, basename="opportunity")
router.register("measures", risks_api.MeasureViewSet, basename="measure")
router.register("assessments", risks_api.AssessmentViewSet, basename="assessment")
router.register("risk-categories", risks_api.CategoryViewSet, basename="risk-category")
router.register("scales", risks_api.ScaleViewSet, basename="scale")
router.register("integrated", integrated_api.IntegratedViewSet, basename="integrated")
router.register("tokens", tokens_api.TokenViewSet, basename="token")
router.register("jobs", jobs_api.JobViewSet, basename="job")
router.register("iso-clauses", audits_api.ClauseViewSet, basename="iso-clause")
router.register("audit-programmes", audits_api.AuditProgrammeViewSet,
                basename="audit-programme")
router.register("audits", audits_api.AuditViewSet, basename="audit")
router.register("documents", documents_api.DocumentViewSet, basename="document")
router.register("document-versions", documents_api.VersionViewSet, basename="document-version")
router.register("document-files", documents_api.FileViewSet, basename="document-file")
router.register("nonconformities", improvement_api.NonconformityViewSet,
                basename="nonconformity")
router.register("corrective-actions", improvement_api.CorrectiveActionViewSet,
                basename="corrective-action")
router.register("bodies", meetings_api.BodyViewSet, basename="body")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("decisions", meetings_api.DecisionViewSet, basename="decision")
router.register("approvals", meetings_api.ApprovalViewSet, basename="approval")
router.register("management-reviews", reviews_api.ReviewViewSet, basename="management-review")
router.register("review-outputs", reviews_api.OutputViewSet, basename="review-output")
router.register("annual-qms-reports", reviews_api.AnnualReportViewSet,
                basename="annual-qms-report")

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.SwaggerView.as_view(), name="api-docs"),
    path("redoc/", docs.RedocView.as_view(), name="api-redoc"),
    path("org/import/", org_import_api.OrgImportView.as_view(), name="api-org-import"),
    path("exports/", jobs_api.ExportView.as_view(), name="api-export"),
    path("search/", search_api.SearchView.as_view(), name="api-search"),
    path("inbox/", meetings_api.InboxView.as_view(), name="api-inbox"),
    path("", include(router.urls)),
]
