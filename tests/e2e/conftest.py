"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every request to another host is aborted, so the tests never touch the network. That also
proves the pages work when the base map cannot be loaded.
"""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.browser import BUNDLES, CHROMIUM, CHROMIUM_ARGS, DESKTOP, ROOT, session_cookie

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# tests themselves are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser():
    missing = [str(p.relative_to(ROOT)) for p in BUNDLES if not p.exists()]
    if missing:
        pytest.fail(f"front-end bundle missing ({', '.join(missing)}): run scripts/setup.sh")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/setup.sh --with-browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, assen_db):
    """The live server's URL, with Assen and the demo content in its database."""
    return live_server.url


# The start of a function in a wait_for_function string: `() =>`, `(a, b) =>`, `x =>`,
# `function`, optionally `async`.
FUNCTION_TEXT = re.compile(r"\s*(async\s+)?(function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


def _predicates_as_functions(page):
    """wait_for_function with an expression string: Playwright polls it through eval() in
    the page, which the Content-Security-Policy refuses (no 'unsafe-eval'), so the wait
    fails unless the first check already holds. As a function, Playwright compiles it
    itself: each expression is wrapped in `() => (...)`."""
    wait_for_function = page.wait_for_function

    def wait(expression, *args, **kwargs):
        if not FUNCTION_TEXT.match(expression):
            expression = f"() => ({expression})"
        return wait_for_function(expression, *args, **kwargs)

    page.wait_for_function = wait


class Pages:
    """Opens browser pages on the live server; anything else on the network is blocked."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.contexts = []

    def _guard(self, route):
        url = route.request.url
        if url == self.base_url or url.startswith(self.base_url + "/"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def new_page(self, *, viewport=DESKTOP, javascript=True, locale="nl-NL", user=None):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport,
            locale=locale,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        # A first page load compiles templates and reads the bundles: give it room on a
        # busy 2-core machine (waits on state keep their 10 s).
        context.set_default_navigation_timeout(30_000)
        context.route("**/*", self._guard)
        if user is not None:
            context.add_cookies([session_cookie(user, self.base_url)])
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        _predicates_as_functions(page)
        return page

    def open(self, path="/", **options):
        page = self.new_page(**options)
        page.goto(path)
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, site):
    opened = Pages(browser, site)
    yield opened
    opened.close()
    assert not opened.errors, f"JavaScript errors on the page: {opened.errors}"


@pytest.fixture
def make_resident(site):
    """Creates a resident with a confirmed e-mail address (signing up is tested once)."""
    from django.utils import timezone

    from participatie.accounts.models import User

    def make(name: str):
        email = f"{name.lower()}@example.org"
        user = User.objects.create_user(username=email, email=email, password="not-used-9876")
        user.display_name = name
        user.email_verified_at = timezone.now()
        user.save()
        return user

    return make
