"""A project's folders: its editorial data (`content/`), the generator's own
files (`build/`, git-ignored) and the published site (`site/`, a link to a
complete release). Every writing path of a build is under `build` or is
`site`; nothing else of the project is written."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A project's folders (`Project.at(root)`): `root` holds `content/`,
    `mkdocs.yml` and `overrides/`; `build` is the generator's own; `site` is
    where the live release is linked."""
    root: Path
    content: Path
    build: Path
    site: Path

    @classmethod
    def at(cls, project: Path, site: Path | None = None) -> "Project":
        return cls(project, project / "content", project / "build", site or project / "site")
