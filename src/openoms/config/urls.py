"""Root URLs: the REST API under /api/v2/, channel webhooks under /webhooks/, everything else is
the web UI."""

from django.urls import include, path

from openoms.api.urls import api

urlpatterns = [
    path("api/v2/", api.urls),
    path("webhooks/", include("openoms.api.webhooks")),
    path("", include("openoms.web.urls")),
]
