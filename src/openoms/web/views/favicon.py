"""``/favicon.ico``: browsers and tools ask for it at the root; it is the vendored brand mark."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


@cache_control(max_age=86400, public=True)
def favicon(request):
    return redirect(static("web/favicon.ico"), permanent=True)
