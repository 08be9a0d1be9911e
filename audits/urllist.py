"""Read the companies of `friction audit --urls FILE`: one URL a line, or a CSV with a name and a URL column.

Blank lines and lines starting with `#` are skipped; every bad line is reported as `file:line: what`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlparse

from audits.scenario import ScenarioError

URL_COLUMNS = ("url", "start_url", "website", "site", "homepage")
MAX_LIST_BYTES = 10_000_000


def _bad_url(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return None
    return f"expected an http(s) URL such as https://www.example.com/, got {url!r}"


def _lines(path: Path) -> list[tuple[int, str]]:
    """The file's meaningful lines with their numbers."""
    try:
        raw = path.read_bytes()[:MAX_LIST_BYTES]
        text = raw.decode("utf-8-sig")
    except OSError as error:
        raise ScenarioError([f"{path}: cannot read the URL list: {error.strerror}"]) from None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScenarioError([f"{path}:{line}: not UTF-8 text; save the list as UTF-8"]) from None
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def _csv_columns(header: str) -> tuple[int, int] | None:
    """The name and URL column of a CSV header line, or None when the file is a plain list of URLs."""
    cells = [cell.strip().lower() for cell in next(csv.reader([header]))]
    if "name" not in cells:
        return None
    url = next((cells.index(column) for column in URL_COLUMNS if column in cells), None)
    return None if url is None else (cells.index("name"), url)


def read_url_list(path: str | Path) -> list[tuple[str, str]]:
    """The (name, URL) pairs the file lists, in order; a plain URL's name is empty (its host is used)."""
    path = Path(path)
    lines = _lines(path)
    columns = _csv_columns(lines[0][1]) if lines else None
    sites: list[tuple[str, str]] = []
    problems = []
    if columns is not None:
        lines = lines[1:]
    for number, line in lines:
        if columns is None:
            name, url = "", line
        else:
            cells = [cell.strip() for cell in next(csv.reader([line]))]
            if len(cells) <= max(columns):
                problems.append(f"{path}:{number}: expected {max(columns) + 1} comma-separated columns, "
                                f"got {len(cells)}")
                continue
            name, url = cells[columns[0]], cells[columns[1]]
        if problem := _bad_url(url):
            problems.append(f"{path}:{number}: {problem}")
        else:
            sites.append((name, url))
    if problems:
        raise ScenarioError(problems)
    if not sites:
        raise ScenarioError([f"{path}: no URL in the list; expected one URL a line, or a CSV with a name "
                             f"and a url column"])
    return sites
