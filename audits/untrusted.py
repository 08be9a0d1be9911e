"""Text from a site made safe to keep: invalid Unicode replaced, control and terminal escape characters removed."""

from __future__ import annotations

import json
import re
from typing import Any

# Control characters (terminal escapes start with ESC) other than tab, newline and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A JSON escape of half a surrogate pair with no other half: no character at all.
LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """`text` as valid Unicode without control characters (lone surrogates become U+FFFD)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return CONTROL.sub("", text)


def clean_json(raw: str) -> str:
    """A JSON document from a page, with its text cleaned, escapes of lone surrogates included."""
    return LONE_SURROGATE_ESCAPE.sub(r"\\ufffd", clean(raw))


def clean_data(value: Any) -> Any:
    """Every string inside `value` (dicts, lists) cleaned."""
    return json.loads(clean_json(json.dumps(value, ensure_ascii=False)))
