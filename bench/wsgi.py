"""The product's WSGI application (participatie/wsgi.py) for the benchmark's servers, with one
addition: the bare reference view at /bench/bare-tile/ takes the public tiles' lean path
(participatie/lean.py), so the cached-tile throughput is compared with a bare view behind
the same middleware as a public tile. /bench/bare/ keeps the full stack: the pages'
reference."""

from participatie.wsgi import django_application  # isort: skip (sets Django up first)

from participatie.guards.body import BodyLimit  # noqa: E402
from participatie.lean import PublicTiles  # noqa: E402

BARE_TILE = "/bench/bare-tile/"


class BenchRouting(PublicTiles):
    def __call__(self, environ, *args):
        if environ.get("PATH_INFO") == BARE_TILE and not environ.get("HTTP_COOKIE"):
            return self.lean(environ, *args)
        return super().__call__(environ, *args)


application = BodyLimit(BenchRouting(django_application))
