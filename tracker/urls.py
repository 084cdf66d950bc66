from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from tracker.health import healthz

handler500 = "tracker.errors.server_error"  # an unreachable database answers 503, not 500
handler404 = "tracker.errors.page_not_found"  # JSON under /api/

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("volgen/", include("alerts.urls")),
    path("", include("public.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
