"""Issuers as printed: a title may print several issuing bodies without a
space between them (中共中央国务院关于……). content/issuers.toml lists the
bodies (reviewed by hand); a run of characters that is exactly a sequence of
listed bodies is split into them, and nothing else is split, so an unlisted
name stays as printed."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def issuing_bodies(content: Path) -> frozenset[str]:
    """The bodies listed in content/issuers.toml; none without the file.
    A malformed file lists none (the schema check reports it)."""
    try:
        data = tomllib.loads((content / "issuers.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return frozenset()
    bodies = data.get("bodies", [])
    return frozenset(b for b in bodies if isinstance(b, str) and b) if isinstance(bodies, list) else frozenset()


def split_bodies(run: str, bodies: frozenset[str]) -> tuple[str, ...]:
    """中共中央办公厅国务院办公厅 -> (中共中央办公厅, 国务院办公厅); the run itself
    when it is one body or no sequence of listed bodies makes it up."""
    if run in bodies or not bodies:
        return (run,)
    # ways[i]: the first split of run[:i] into listed bodies found, shorter prefixes first.
    ways: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(1, len(run) + 1):
        for start in sorted(ways):
            if start < end and run[start:end] in bodies and end not in ways:
                ways[end] = ways[start] + (run[start:end],)
    return ways.get(len(run), (run,))
