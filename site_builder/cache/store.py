"""The cache files of a Session: each read once while unchanged on disk, written through it.

A build from the command line writes a cache file as soon as it has its new value. A
long-lived process (serve) keeps the new values in memory and writes them when it stops
(`flush`): a cache older than its files is still right, every entry being checked against its
file's stamp, only slower to use. A file another process wrote meanwhile is left as it is.
"""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path
from typing import Any

from site_builder.files import Stamp, stamp, write_atomic

log = logging.getLogger(__name__)
# What reading a damaged, truncated or foreign cache file raises: it then counts as missing.
LOAD_ERRORS = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
               ImportError, IndexError)


class Store:
    """Cache files by path: their values as last read or written, and those not yet written."""

    def __init__(self, deferred: bool = False) -> None:
        self._known: dict[str, tuple[Stamp | None, Any]] = {}  # values are shared: never mutated
        self._unwritten: set[str] | None = set() if deferred else None

    @property
    def deferred(self) -> bool:
        """Tell whether writes wait for `flush` (a long-lived process)."""
        return self._unwritten is not None

    def load(self, path: Path) -> Any:
        """Return a cache file's value (JSON for .json, else pickle); LOAD_ERRORS if unusable."""
        known, current = self._known.get(str(path)), stamp(path)
        if known is not None and (known[0] == current or str(path) in (self._unwritten or ())):
            return known[1]
        data = path.read_bytes()
        value = json.loads(data) if path.suffix == ".json" else pickle.loads(data)
        self._known[str(path)] = (current, value)
        return value

    def save(self, path: Path, value: Any) -> None:
        """Write a cache file (or, deferred, keep it for `flush`); a failure only warns."""
        if self._unwritten is not None:
            before = self._known.get(str(path))
            self._known[str(path)] = (before[0] if before else stamp(path), value)
            self._unwritten.add(str(path))
            return
        self._write(path, value)

    def forget(self, path: Path) -> None:
        """Delete a cache file, and any value of it kept in memory."""
        self._known.pop(str(path), None)
        if self._unwritten is not None:
            self._unwritten.discard(str(path))
        path.unlink(missing_ok=True)

    def flush(self) -> None:
        """Write the values kept in memory, unless another process changed the file meanwhile."""
        pending, self._unwritten = sorted(self._unwritten or ()), None
        for name in pending:
            seen, value = self._known[name]
            if stamp(name) == seen:  # else the other process's file is the newer one
                self._write(Path(name), value)

    def _write(self, path: Path, value: Any) -> None:
        if path.suffix == ".json":
            data = json.dumps(value, sort_keys=True).encode("utf-8")
        else:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_atomic(path, data, durable=False)
        except OSError as exc:  # only a cache: the next build works it out again
            log.warning("%s: cannot write cache: %s", path, exc.strerror or exc)
            return
        self._known[str(path)] = (stamp(path), value)
