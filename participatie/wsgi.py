import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
django_application = get_wsgi_application()

# Bodies over MAX_REQUEST_BODY are refused before Django reads them (participatie/guards).
from participatie.guards.body import BodyLimit  # noqa: E402 (needs the settings above)

# Public vector tiles skip the session, CSRF, log-in and messages middleware (participatie/lean.py).
from participatie.lean import PublicTiles  # noqa: E402 (needs the apps loaded)

application = BodyLimit(PublicTiles(django_application))
