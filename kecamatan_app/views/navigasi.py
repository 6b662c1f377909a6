"""Reading the parameters of an open request (the Beranda's tiles, ``MainWindow.open_request``).

A request carries the service filter the number was counted with (``params["filter"]``) and its
fields by name; a list takes the filter itself when given, else builds one from the names, so a
request written by hand (``{"tahun": 2026, "bulan": 3}``) works as well.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

F = TypeVar("F")


def filter_from(params: object, cls: type[F]) -> F:
    """The ``cls`` filter of a request: ``params["filter"]`` when it is one, else ``cls`` built
    from the keys of ``params`` that name its fields (others are ignored)."""
    if not isinstance(params, Mapping):
        return cls()
    given = params.get("filter")
    if isinstance(given, cls):
        return given
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in params.items() if k in names})


def param(params: object, key: str, default: Any = None) -> Any:
    """One value of a request (``default`` when absent or when ``params`` is no mapping)."""
    return params.get(key, default) if isinstance(params, Mapping) else default
