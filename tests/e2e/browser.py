"""Helpers shared by the browser tests."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
BUNDLES = [
    ROOT / "frontend" / "static" / "dist" / name
    for name in ("map.js", "area.js", "pin.js", "pin_form.js")
]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}


def wait_for_map(page, selector="#map"):
    page.wait_for_selector(f"{selector}[data-loaded=true]")


def screenshot(page, request, step: str = ""):
    OUTPUT.mkdir(exist_ok=True)
    name = f"{request.node.name}-{step}" if step else request.node.name
    page.screenshot(path=OUTPUT / f"{name}.png", animations="disabled", full_page=bool(step))


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA (and best-practice) findings."""
    # Evaluated by the test driver, not added as a <script>: the page's
    # Content-Security-Policy refuses inline scripts without its nonce.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def session_cookie(user, base_url: str) -> dict:
    """A logged-in session for `user`, as a browser cookie (no log-in form needed)."""
    from django.conf import settings

    from tests.participatie.accounts.otp import session_key_for

    value = session_key_for(user)  # staff: with the second factor done
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}
