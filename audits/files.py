"""Durable writes: every file the tool writes is whole or absent, and holds none of the run's secrets."""

from __future__ import annotations

import os
from pathlib import Path

from audits.secrets import scrub


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write, flush to disk, then rename into place: a reader sees the old file or the whole new one.

    Text has the run's secrets masked (audits/secrets.py): every text file friction writes comes
    through here or the step log, the one place to mask. Bytes (screenshots) are masked when taken.
    """
    tmp = path.with_name(path.name + ".tmp")
    payload = scrub(data).encode("utf-8") if isinstance(data, str) else data
    with tmp.open("wb") as file:
        file.write(payload)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)
