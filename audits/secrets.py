"""The run's secrets: every `${...}` value and credential of a suite, masked in every string friction writes.

One registry per process. A run registers its suite's secrets before anything is written; every
file goes through `rundir.write_atomic` (or the step log), the store keeps scrubbed JSON, and the
command line writes through `scrubbed_terminal`. `scrub` replaces a secret as typed and in the forms
it takes on the way out: URL-encoded (paths, query strings, form posts), HTML- and XML-escaped,
JSON-escaped, and each of those once more inside another (an encoded URL in an HTML attribute).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, quote_plus

import markupsafe
from pydantic import BaseModel

if TYPE_CHECKING:
    from audits.scenario import Suite

MASK = "••••••"
# Shorter values would mask ordinary words and the markup of the reports, and protect nothing.
MIN_LENGTH = 3
# What Chromium leaves as is when it encodes a form (application/x-www-form-urlencoded).
FORM_SAFE = re.compile(r"[A-Za-z0-9*\-._]")


def _percent(text: str, safe: str) -> str:
    """Percent-encode UTF-8 bytes except `safe` characters (and ASCII letters and digits)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in safe) else
                   "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in text)


def _form(text: str) -> str:
    """How Chromium writes a value into a GET form's query string: space as '+', little left bare."""
    return "+".join(_percent(part, "*-._") for part in text.split(" "))


def _entities(chars: str) -> Callable[[str], str]:
    names = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;"}

    def escape(text: str) -> str:
        return "".join(names[ch] if ch in chars else ch for ch in text)

    return escape


ENCODINGS: tuple[Callable[[str], str], ...] = (
    lambda s: quote(s, safe=""),
    quote,  # a path: '/' kept
    lambda s: quote_plus(s, safe=""),
    _form,
    lambda s: _percent(s, "-_.!~*'()"),  # JavaScript's encodeURIComponent
    lambda s: _percent(s, ";,/?:@&=+$-_.!~*'()#"),  # encodeURI, and Chromium's own URL serialisation
    html.escape,
    lambda s: html.escape(s, quote=False),
    _entities('&<>"'),  # BeautifulSoup
    _entities('&"'),  # Chromium serialising an attribute
    _entities('&<>"\n'),  # ElementTree serialising an attribute
    lambda s: str(markupsafe.escape(s)),  # jinja's autoescape
    lambda s: json.dumps(s)[1:-1],
    lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
)


def forms(value: str) -> set[str]:
    """The value and every way it may be written: each encoding, and each encoding of an encoding."""
    once = {value} | {encode(value) for encode in ENCODINGS}
    return once | {encode(form) for form in once for encode in ENCODINGS}


def trie_pattern(words: Iterable[str]) -> str:
    """One regex matching any of `words` (case folded), longest first, shaped as a trie.

    A flat alternation of a hundred forms tries each at every position (16 s on 8 MB); the trie
    tries one character at most positions, since the forms of a secret share their beginnings.
    """
    root: dict[str, Any] = {}
    for word in filter(None, words):
        node = root
        for char in word:
            # One character each: a few lower-case into two ('İ'), and would then match nothing.
            node = node.setdefault(char.lower() if len(char.lower()) == 1 else char, {})
        node[""] = {}  # a word ends here
    return _branch(root)


def _branch(node: dict[str, Any]) -> str:
    chain = []
    while len(node) == 1 and "" not in node:  # a run with no choice: plain characters, no recursion
        ((char, node),) = node.items()
        chain.append(re.escape(char))
    choices = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not choices:
        return "".join(chain)
    group = "(?:" + "|".join(choices) + ")"
    return "".join(chain) + (group + "?" if "" in node else group)  # greedy: the longer word wins


class Secrets:
    """Values that must never be written; `scrub` masks them in any text."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def add(self, values: Iterable[str]) -> None:
        """Register values as secret (too short or blank ones are left out: see MIN_LENGTH)."""
        new = {value for value in values if len(value.strip()) >= MIN_LENGTH} - self._values
        if not new:
            return
        with self._lock:
            self._values |= new
            every = {form for value in self._values for form in forms(value)}
            # Case folded: percent escapes come in either case, and a site may echo a value upper-cased.
            self._pattern = re.compile(trie_pattern(every), re.IGNORECASE)

    def values(self) -> list[str]:
        return sorted(self._values)

    def scrub(self, text: str) -> str:
        pattern = self._pattern
        return text if pattern is None else pattern.sub(MASK, text)


REGISTRY = Secrets()
scrub = REGISTRY.scrub


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, secrets masked first: a cut must not leave half a secret behind."""
    return scrub(text)[:limit]


def suite_secrets(suite: Suite) -> list[str]:
    """Every value a suite takes from the environment (`${NAME}` anywhere in it), every credential and
    the synthetic customer's password when the suite sets one."""
    from audits.scenario import ENV_REF, resolve_env  # here: what writes files needs no suite machinery

    names = {name for text in _strings(suite) for name in ENV_REF.findall(text)}
    values = [os.environ[name] for name in names if name in os.environ]
    credentials = [resolve_env(value) for persona in suite.personas for value in persona.credentials.values()]
    password = [resolve_env(suite.identity.password)] if suite.identity.password else []
    return values + credentials + password


def register_suite(suite: Suite) -> None:
    """Make the suite's secrets secret for this process (a run calls it before writing anything)."""
    REGISTRY.add(suite_secrets(suite))


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a model, its fields and their models, lists and dicts (keys left out)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for item in vars(value).values():
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class _ScrubbedStream:
    """A text stream whose writes are scrubbed; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(scrub(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def scrubbed_terminal() -> Iterator[None]:
    """stdout and stderr scrubbed while the block runs: progress, the gate, JSON, errors."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _ScrubbedStream(out), _ScrubbedStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
