"""A page's HTML made safe to keep and open: scripts removed, a CSP that forbids them, a base for its styles.

A saved snapshot is opened later from the report folder, perhaps served, so anything that could run
in that origin goes: script elements, event handler attributes, `javascript:` URLs, `srcdoc`,
plugins, refreshes, the page's own `<base>` and `http-equiv` headers. The CSP meta comes first in
`<head>` and names no script source, so what a parser might still miss cannot run either.

A `<base href>` of the page's own URL makes root-relative stylesheets and images load, so the
snapshot opens styled; it is safe because the CSP forbids scripts whatever their origin, and
`form-action 'none'` keeps the snapshot's forms from posting to the site.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Doctype, Tag

CSP = ("default-src 'none'; img-src data: 'self' http: https:; style-src 'self' 'unsafe-inline' http: https:; "
       "font-src http: https: data:; form-action 'none'")
DROPPED = ("script", "noscript", "base", "portal")
# Plugins go, what they enclose stays: it is the fallback a browser shows when the plugin cannot load
# (and lxml, which knows no `<embed>`, nests whatever follows one inside it).
UNWRAPPED = ("object", "embed", "applet")
# Links that fetch or connect ahead of time: a request to the site the moment the snapshot opens.
DROPPED_RELS = {"import", "preload", "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch",
                "serviceworker", "manifest"}
# Pages past this are not kept as HTML: cleaning one takes the better part of a minute.
MAX_SNAPSHOT_CHARS = 5_000_000
# A scheme that runs code, however the site spelled it (case, spaces, tabs and newlines inside).
SCRIPT_URL = re.compile(r"(javascript|vbscript|livescript)\s*:", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20]+")


def safe_snapshot(html: str, url: str) -> str:
    """`html` (a page's serialised DOM) without anything that runs, opening styled from `url`."""
    # lxml: html5lib builds the tree exactly as a browser does but takes seconds on a large page; where
    # lxml differs (HTML5's void elements) the browser reading our output ends up with the same page.
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(True):
        if tag.decomposed:  # inside an element already dropped
            continue
        if _runs(tag):
            tag.decompose()
        else:
            _drop_script_attributes(tag)
    for tag in soup.find_all(UNWRAPPED):
        tag.unwrap()
    html_tag = soup.html or _wrap(soup)
    head = soup.head or soup.new_tag("head")
    html_tag.insert(0, head.extract() if head.parent else head)  # head first: nothing before the CSP
    for item in reversed(_head_start(soup, url)):
        head.insert(0, item)
    doctype = "".join(f"<!DOCTYPE {item}>\n" for item in soup.contents if isinstance(item, Doctype))
    return doctype + str(html_tag)


def _runs(tag: Tag) -> bool:
    """Elements that run code or change where the snapshot goes."""
    name = tag.name.lower()
    if name in DROPPED:
        return True
    if name == "meta" and tag.get("http-equiv"):
        return True  # refresh, set-cookie, the site's own CSP (with its report-uri) or charset
    if name == "meta" and tag.get("charset"):
        return True  # the file is UTF-8; ours says so
    return name == "link" and any(str(rel).lower() in DROPPED_RELS for rel in tag.get_attribute_list("rel"))


def _drop_script_attributes(tag: Tag) -> None:
    for name, value in list(tag.attrs.items()):
        text = " ".join(value) if isinstance(value, list) else str(value)
        if (name.lower().startswith("on") or name.lower() == "srcdoc"
                or (":" in text and SCRIPT_URL.search(INVISIBLE.sub("", text)))):
            del tag[name]


def _wrap(soup: BeautifulSoup) -> Tag:
    """An <html> element around a document that had none."""
    html_tag = soup.new_tag("html")
    for item in list(soup.contents):
        if not isinstance(item, Doctype):
            html_tag.append(item.extract())
    soup.append(html_tag)
    return html_tag


def _head_start(soup: BeautifulSoup, url: str) -> list[Tag]:
    """The CSP, the charset and (for a web page) a base: the first children of <head>."""
    items = [soup.new_tag("meta", attrs={"http-equiv": "Content-Security-Policy", "content": CSP}),
             soup.new_tag("meta", attrs={"charset": "utf-8"})]
    if urlparse(url).scheme in ("http", "https"):
        items.append(soup.new_tag("base", attrs={"href": url}))
    return items
