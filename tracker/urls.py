from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from tracker.health import healthz

handler500 = "tracker.errors.server_error"  # an unreachable database answers 503, not 500
handler404 = "tracker.errors.page_not_found"  # JSON under /api/

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Without a CSRF token: the language form is on every public page, which are cached and shared
    # between visitors (public/caching.py); a forged POST can only choose a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("volgen/", include("alerts.urls")),
    path("", include("public.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
