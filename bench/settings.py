"""Settings for the benchmark's server: the product's, plus one bare reference view."""

from participatie.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
