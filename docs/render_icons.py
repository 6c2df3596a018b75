"""Render the app icons (static/icons/*.png) from their SVG sources, once, with Chromium.

    .venv/bin/python docs/render_icons.py

The PNGs are committed; run this again only after changing app-icon.svg or
app-icon-maskable.svg. "any" icons have rounded corners; the maskable one and Apple's
(which the phone rounds itself) fill the square, their drawing inside the middle 80%.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"
RENDERS = [
    ("app-icon.svg", "icon-192.png", 192),
    ("app-icon.svg", "icon-512.png", 512),
    ("app-icon-maskable.svg", "icon-maskable-512.png", 512),
    ("app-icon-maskable.svg", "apple-touch-icon.png", 180),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for source, target, size in RENDERS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (ICONS / source).read_text()
            page.set_content(
                "<style>html,body{margin:0;background:transparent}svg{display:block;"
                f"width:{size}px;height:{size}px}}</style>{svg}"
            )
            page.screenshot(path=str(ICONS / target), omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
