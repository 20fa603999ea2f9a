"""Static files as production serves them: no source maps.

The esbuild bundles, the vendored OpenLayers and Leaflet and Swagger UI come with source
maps (`*.map`). They help while developing (runserver serves them from the source folders)
but publish the unminified source, so `collectstatic` leaves them out, and the manifest
storage drops the `sourceMappingURL` comment that would name the missing file (a comment
only: browsers fetch a map just when the developer tools open).
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage


def is_source_map(url: str) -> bool:
    return url.strip().split("?", 1)[0].split("#", 1)[0].endswith(".map")


class StaticFilesConfig(BaseStaticFilesConfig):
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "*.map"]


class ManifestStorage(CompressedManifestStaticFilesStorage):
    # The page bundles import shared chunks (esbuild code splitting: Leaflet once for all
    # pages): `import{…}from"./chunks/chunk-….js"` must name the chunk's hashed file.
    support_js_module_import_aggregation = True

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            if is_source_map(matchobj["url"]):
                return ""
            return convert(matchobj)

        return converter
