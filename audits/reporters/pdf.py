"""report.pdf: the HTML report printed by Chromium, with every fold open and every screenshot loaded.

Not a text reporter (it needs a browser and the run directory's screenshots), so it is written on
request: `friction report DIR --pdf`. Only the run directory's own files are loaded; any other
request the page might make is refused, so printing sends no packet anywhere.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from audits.gather.browser import launch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

FILENAME = "report.pdf"
# Print what the screen folds away (but what a section marks data-print="folded", such as a list of
# passed CI assertions), and load screenshots the screen loads lazily.
UNFOLD = """() => {
  document.querySelectorAll('details:not([data-print="folded"])').forEach((d) => { d.open = true; });
  document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = 'eager'; });
}"""
IMAGES_LOADED = "() => Array.from(document.images).every((img) => img.complete)"
# Chromium's page furniture: the printing date and page numbers at the foot of every page.
FONT = ("font:7.5px system-ui,sans-serif;color:#5d6677;width:100%;margin:0 12mm;"
        "display:flex;justify-content:space-between")


def _footer(title: str) -> str:
    return (f'<div style="{FONT}"><span>{escape(title)} · printed <span class="date"></span></span>'
            '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


def _local_only(route: Route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def print_pdf(browser: Browser, html: Path, target: Path, title: str = "Friction report") -> Path:
    """Print `html` (a report.html beside its screenshots) to `target` with the report's print stylesheet."""
    page = browser.new_page()
    try:
        page.route("**/*", _local_only)
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.evaluate(UNFOLD)
        page.wait_for_function(IMAGES_LOADED, timeout=30_000)
        page.emulate_media(media="print")
        page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True,
                 display_header_footer=True, header_template="<span></span>", footer_template=_footer(title))
    finally:
        page.close()
    return target


def write_pdf(out: Path, title: str = "Friction report") -> Path:
    """`out`/report.pdf from `out`/report.html, in a Chromium of its own."""
    html = out / "report.html"
    if not html.is_file():
        raise FileNotFoundError(f"no report.html in {out}: render the reports first (friction report {out})")
    with launch() as browser:
        return print_pdf(browser, html, out / FILENAME, title)
