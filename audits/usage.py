"""Usage mistakes said in one line: close misses named ("did you mean"), start URLs checked, exit 1."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterable
from typing import Any, NoReturn
from urllib.parse import urlparse

EXIT_USAGE = 1


def did_you_mean(value: object, known: Iterable[object]) -> str:
    """' (did you mean 'audit'?)' when `value` is a close miss of one of `known`; '' otherwise."""
    names = [str(k) for k in known]
    close = difflib.get_close_matches(str(value), names, n=2, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"


def one_of(value: object, known: Iterable[object], what: str) -> str:
    """"'audti' is not a command; expected one of run, audit (did you mean 'audit'?)"."""
    names = [str(k) for k in known]
    return f"{value!r} is not {what}; expected one of {', '.join(names)}{did_you_mean(value, names)}"


def start_url(text: str) -> str:
    """An argparse type: an http(s) URL with a host, as a customer would type it in a browser."""
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        hint = f" (did you mean 'https://{text}'?)" if not parsed.scheme and "." in text and " " not in text else ""
        raise argparse.ArgumentTypeError(
            f"expected an http:// or https:// URL such as https://www.example.com/, got {text!r}{hint}")
    try:
        parsed.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number in {text!r}") from None
    return text


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors on one line that exit 1 (2 means friction over budget)."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(EXIT_USAGE)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # argparse's own message lists the choices but never names the one meant.
        if action.choices is not None and value not in action.choices:
            what = "a command" if isinstance(action, argparse._SubParsersAction) else f"a {action.metavar or 'choice'}"
            raise argparse.ArgumentError(action, one_of(value, action.choices, what.lower()))
