"""The static files a page asks the browser for, and whether the server has every one."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

# url(...) in a stylesheet: images and fonts the browser fetches next.
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")
# The static imports of a JS module (the bundles' shared chunks): `from"./chunks/…js"`,
# `import"./…js"`, as esbuild writes them and the manifest storage rewrites them.
JS_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'](\.{1,2}/[^"']+\.js)["']""")


class _AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.found.append((tag, attrs["src"]))
        elif tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if rel in ("stylesheet", "icon", "shortcut icon", "preload", "modulepreload"):
                self.found.append((tag, attrs["href"]))


def page_assets(html: str) -> list[tuple[str, str]]:
    """(tag, url) of every script, stylesheet, icon and image the page loads."""
    parser = _AssetParser()
    parser.feed(html)
    return parser.found


def check_assets(session: requests.Session, base: str, pages: dict[str, str]) -> list[str]:
    """Fetch every /static/ file that the pages (url → html) load, and the url()s inside
    their stylesheets; returns what failed. Files from another host fail too: the site
    must work on a closed network."""
    problems: list[str] = []
    wanted: dict[str, str] = {}
    for page, html in pages.items():
        for tag, url in page_assets(html):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") or url.startswith("//"):
                problems.append(f"{page}: <{tag}> from another host: {url}")
            elif parts.path.startswith("/static/"):
                wanted.setdefault(parts.path, page)
    fetched: set[str] = set()
    while wanted:
        path, source = wanted.popitem()
        fetched.add(path)
        response = session.get(base + path, timeout=30)
        if response.status_code != 200:
            problems.append(f"{source}: {path} answers {response.status_code}")
            continue
        if path.endswith(".js"):
            for ref in JS_IMPORT.findall(response.text):
                target = urlsplit(urljoin(path, ref)).path
                if target not in fetched:
                    wanted.setdefault(target, path)
        if path.endswith(".css"):
            for ref in CSS_URL.findall(response.text):
                if ref.startswith(("data:", "#")):
                    continue
                target = urlsplit(urljoin(path, ref)).path
                if urlsplit(ref).scheme or ref.startswith("//"):
                    problems.append(f"{path}: url() from another host: {ref}")
                elif target not in fetched:
                    wanted.setdefault(target, path)
    if not fetched:
        problems.append("the pages load no static files at all")
    return problems
