"""`make screenshots`: the key pages in Chromium at phone (390x844) and desktop (1280x800) size,
from the demo couple served as `make audit` serves it, into docs/screenshots/ (the README's
gallery). The first screen only: what a person sees before scrolling."""

import sys
from typing import TYPE_CHECKING

from bench import audit
from bench.serve import free_port

if TYPE_CHECKING:  # playwright is imported where it is used, as before
    from playwright.sync_api import ViewportSize

OUT = audit.ROOT / "docs" / "screenshots"
PHONE: "ViewportSize" = {"width": 390, "height": 844}
DESKTOP: "ViewportSize" = {"width": 1280, "height": 800}

# (file name, path, signed in, viewport, open the phone menu)
SHOTS = [
    ("landing-phone", "/", False, PHONE, False),
    ("home-phone", "/home/", True, PHONE, False),
    ("menu-phone", "/home/", True, PHONE, True),
    ("notices-phone", "/notices/", True, PHONE, False),
    ("checkin-form-phone", "/checkins/this-week/", True, PHONE, False),
    ("trends-phone", "/checkins/trends/", True, PHONE, False),
    ("boundaries-phone", "/boundaries/", True, PHONE, False),
    ("article-phone", None, False, PHONE, False),
    ("home-desktop", "/home/", True, DESKTOP, False),
    ("notices-desktop", "/notices/", True, DESKTOP, False),
    ("trends-desktop", "/checkins/trends/", True, DESKTOP, False),
    ("article-desktop", None, False, DESKTOP, False),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    session, article = audit.prepare()
    port = free_port()
    server = audit.serve(port)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=audit.CHROME, headless=True, args=["--no-sandbox"]
            )
            for name, path, signed_in, viewport, open_menu in SHOTS:
                context = browser.new_context(viewport=viewport, color_scheme="light")
                if signed_in:
                    context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                page = context.new_page()
                page.goto(base + (path or article))
                if open_menu:
                    page.locator(".nav-menu > summary").click()
                page.screenshot(path=str(OUT / f"{name}.png"))
                context.close()
                print(f"docs/screenshots/{name}.png", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
