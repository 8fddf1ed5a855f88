"""Reading files of untrusted size: a digest is fed in chunks, so a file an
editor drops into a document folder (a 1 GiB scan) costs time to hash, never
its size in memory."""
from __future__ import annotations

from pathlib import Path

CHUNK = 1 << 20


def update_digest(digest, path: Path) -> None:
    """Feed `path`'s bytes to `digest` (hashlib's interface) chunk by chunk:
    the same digest as `digest.update(path.read_bytes())`."""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
