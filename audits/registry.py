"""Registries by id for detectors, journeys, actions and reporters; plugins load the same way."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from audits.usage import did_you_mean

T = TypeVar("T")


class Registry(Generic[T]):
    """A named table of components; built-ins register on import, plugins via entry points."""

    def __init__(self, kind: str, group: str, builtins: str = "", accepts: type | None = None) -> None:
        self.kind = kind
        self.group = group
        # A package whose modules register the built-ins, imported on the first lookup so that
        # importing the registry stays cheap (the CLI's --help reads none of it).
        self.builtins = builtins
        # A plugin of another type is skipped like a broken one; None lets the readers judge
        # (a detector of the wrong type becomes an error finding).
        self.accepts = accepts
        self._items: dict[str, T] = {}
        self._plugins_loaded = False

    def register(self, name: str) -> Callable[[T], T]:
        def add(item: T) -> T:
            self.add(name, item)
            return item

        return add

    def add(self, name: str, item: T) -> None:
        if name in self._items:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._items[name] = item

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        if self.builtins:
            package = importlib.import_module(self.builtins)
            for module in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{self.builtins}.{module.name}")
        for point in entry_points(group=self.group):
            try:
                loaded = point.load()
            except Exception as error:  # one broken plugin must not stop an audit
                self._skip(point.name, point.value, f"{type(error).__name__}: {error}")
                continue
            if self.accepts is not None and not isinstance(loaded, self.accepts):
                self._skip(point.name, point.value, f"it gave {type(loaded).__name__!r}, not a {self.accepts.__name__}")
            elif point.name not in self._items:
                self.add(point.name, loaded)

    def _skip(self, name: str, value: str, why: str) -> None:
        print(f"friction: skipped {self.kind} plugin {name!r} ({value}): {why}", file=sys.stderr)

    def get(self, name: str) -> T:
        self._load_plugins()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items))
            raise KeyError(f"unknown {self.kind} {name!r}; known: {known}{did_you_mean(name, self._items)}") from None

    def __contains__(self, name: object) -> bool:
        self._load_plugins()
        return name in self._items

    def names(self) -> list[str]:
        self._load_plugins()
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        self._load_plugins()
        yield from sorted(self._items.items())
