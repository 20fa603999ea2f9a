"""The pages preload their bundle's shared chunks: each link names a collected chunk, the
chunks the bundle itself imports are among them, and Leaflet's chunk is one of them."""

import re

from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import engines

from frontend.templatetags.bundles import chunks_of

PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)">')
IMPORT = re.compile(r"""from\s*["']\./(chunks/[^"']+\.js)["']""")


def test_the_map_bundle_preloads_the_chunks_it_imports():
    html = engines["django"].from_string('{% load bundles %}{% module_preloads "map" %}').render()
    preloaded = PRELOAD.findall(html)
    assert len(preloaded) == len(chunks_of("map")) >= 1
    # The bundle as collected (imports rewritten to hashed names) imports only preloaded files.
    with staticfiles_storage.open(staticfiles_storage.stored_name("dist/map.js")) as bundle:
        imported = IMPORT.findall(bundle.read().decode())
    assert imported
    urls = {url.rsplit("/dist/", 1)[1] for url in preloaded}
    assert set(imported) <= urls
    with_leaflet = []
    for url in preloaded:
        name = url.split(staticfiles_storage.base_url, 1)[1]
        with staticfiles_storage.open(name) as chunk:
            if b"leafletjs.com" in chunk.read():
                with_leaflet.append(name)
    assert len(with_leaflet) == 1


def test_an_unknown_bundle_preloads_nothing():
    html = engines["django"].from_string('{% load bundles %}{% module_preloads "nope" %}').render()
    assert html == ""
