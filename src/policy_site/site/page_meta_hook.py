"""MkDocs hook (site.write_edition names it in each edition's config): loads
each page's head metadata (metadata.py) from the JSON file beside the
config into `config.extra.script.page_meta`. Written into mkdocs.yml
itself, the metadata of every page would go through PyYAML's pure-Python
parser: measured here, that doubled a document's MkDocs time. Standalone
(MkDocs imports a hook by its path): no imports from the package."""
from __future__ import annotations

import json
from pathlib import Path


def on_config(config):
    script = config.extra.get("script") or {}
    path = script.get("page_meta_file")
    if path:
        script["page_meta"] = json.loads(Path(path).read_text(encoding="utf-8"))
    return config
