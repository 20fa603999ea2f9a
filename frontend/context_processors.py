from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "BASEMAP_URL": settings.BASEMAP_URL,
        "BASEMAP_ATTRIBUTION": settings.BASEMAP_ATTRIBUTION,
    }
