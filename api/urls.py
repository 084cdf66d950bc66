from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("motions", views.MotionViewSet, basename="motion")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("letters", views.LetterViewSet, basename="letter")
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("people", views.PersonViewSet, basename="person")
router.register("parties", views.PartyViewSet, basename="party")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
