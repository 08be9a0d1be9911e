"""Page identity: when two URLs are the same page (the search, coverage, metrics and detectors share it)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import ParseResult, parse_qsl, urldefrag, urlencode, urlparse

# Parameters that say who sent the visitor or which session it is, never what the page shows.
TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|twclid|li_fat_id|mc_cid|mc_eid|_ga|_gl|_hs\w+|"
    r"hsa_\w+|yclid|igshid|ref_src|ref_url|spm|s_kwcid|trk\w*|zanpid|oly_\w+|vero_\w+|wickedid|_openstat|"
    r"sessionid|session_id|sid|phpsessid|jsessionid|aspsessionid\w*|cfid|cftoken|__s)$",
    re.IGNORECASE,
)
# Where to go after the page (sign-in forms): the same page whatever the value.
NAVIGATION_STATE = re.compile(
    r"^(next|return|returnurl|return_url|returnto|return_to|redirect|redirect_to|redirect_uri|redirecturl|"
    r"continue|came_from|from|backurl|back_url|origin)$",
    re.IGNORECASE,
)
SESSION_IN_PATH = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_route(fragment: str) -> bool:
    """A fragment that names a client-side route (`#/contact`, `#!/contact`), not a place on the page."""
    return fragment.startswith(("/", "!/"))  # a bare `#!` is a placeholder link, not a route


def normalise(url: str) -> str:
    """A URL without its fragment, unless the fragment is a client-side route."""
    plain, fragment = urldefrag(url)
    return f"{plain}#{fragment}" if is_route(fragment) else plain


def content_query(query: str) -> str:
    """The query parameters that select content, sorted; tracking and navigation state dropped."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
            if not TRACKING.match(k) and not NAVIGATION_STATE.match(k)]
    return urlencode(sorted(kept))


def _origin(parsed: ParseResult) -> str:
    host = (parsed.hostname or "").lower()
    port = parsed.port if parsed.port and parsed.port != DEFAULT_PORTS.get(parsed.scheme) else None
    return f"{parsed.scheme.lower()}://{host}:{port}" if port else f"{parsed.scheme.lower()}://{host}"


@lru_cache(maxsize=16384)  # asked of every link on every page
def page_key(url: str) -> str:
    """One key per page: `?page_id=2` is another page, `?utm_source=x` and `?next=/a` are not."""
    parsed = urlparse(normalise(url))
    path = SESSION_IN_PATH.sub("", parsed.path) or "/"
    query = content_query(parsed.query)
    return (f"{_origin(parsed)}{path}" + (f"?{query}" if query else "")
            + (f"#{parsed.fragment}" if parsed.fragment else ""))


def origin_of(url: str) -> str:
    """The server a page comes from: its scheme, host and port, as in its page key."""
    return _origin(urlparse(url))
