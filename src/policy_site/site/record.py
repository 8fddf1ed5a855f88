"""What crosses from a built document to the library: `DocumentRecord`,
written beside the document's built site as `record.json` (RECORD_FILE) and
read back by the library (its pages, feed, search files, shards). The
library reads attributes, never string keys; `to_json`/`from_json` are the
file's exact bytes, so records written by earlier builds still read."""
from __future__ import annotations

import json
from dataclasses import dataclass, fields

from policy_site.site.cite import indented_json

RECORD_FILE = "record.json"  # in a document's out/ folder


@dataclass(frozen=True)
class RecordTag:
    """A topic a document's clauses carry, in every script."""
    slug: str
    name: dict[str, str]  # script -> name
    description: dict[str, str]  # script -> description


@dataclass(frozen=True)
class DocumentRecord:
    """What the library's pages know of a document, in every script (text
    fields: script -> text), and what decides whether its last good build
    can be published as it is (`site_url`, `inputs`)."""
    slug: str
    site_url: str
    inputs: str  # content hash of everything the build read (library/build.py)
    title: dict[str, str]
    short_title: dict[str, str]
    description: dict[str, str]
    doc_type: str  # what the text prints, else what document.toml declares ("" when neither)
    issuers: tuple[dict[str, str], ...]
    issued: str  # ISO date of issue, or ""
    number: str  # 文号, or ""
    publisher: str
    published: str
    official_url: str
    sections: int
    clauses: int
    tags: tuple[RecordTag, ...]  # the topics its clauses carry
    clause_tags: dict[int, tuple[str, ...]]  # clause number -> topic slugs, in document order
    clause_titles: dict[str, dict[int, str]]  # script -> clause number -> label and title
    legacy_root: bool  # once published at the edition root (urls.legacy_redirects)
    pages: dict[str, tuple[str, ...]]  # script -> its pages' Markdown paths (urls.document_pages), sorted
    built: str  # %Y-%m-%dT%H:%M:%S%z
    content_digest: str  # of document.json: the text and everything said about it
    changed: str  # when content_digest last changed (the Atom feed's `updated`)
    build_id: str  # names this build: the release records which build it holds
    status: str = ""  # its legal status (document/relations.Status value), "" when no one has said
    changes: tuple[str, ...] = ()  # the library documents it replaces or amends (the library compares them)
    versions: tuple[str, ...] = ()  # dates of its earlier versions, oldest first (urls.version_prefix)

    def as_dict(self) -> dict:
        """The record as record.json holds it (keys in the file's order)."""
        data: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "doc_type":
                data["type"] = value
            elif f.name == "issuers":
                data["issuers"] = [dict(i) for i in value]
            elif f.name == "tags":
                data["tags"] = [{"slug": t.slug, "name": t.name, "description": t.description} for t in value]
            elif f.name == "clause_tags":
                data["clause_tags"] = {str(n): list(slugs) for n, slugs in value.items()}
            elif f.name == "clause_titles":
                data["clause_titles"] = {s: {str(n): t for n, t in titles.items()} for s, titles in value.items()}
            elif f.name == "pages":
                data["pages"] = {s: list(paths) for s, paths in value.items()}
            else:
                data[f.name] = value
        return data

    def to_json(self) -> str:
        """record.json's text (json.dumps(…, ensure_ascii=False, indent=1))."""
        return indented_json(self.as_dict())

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentRecord":
        """Raises KeyError, TypeError or ValueError for a record of another shape."""
        return cls(
            slug=data["slug"], site_url=data["site_url"], inputs=data["inputs"], title=dict(data["title"]),
            short_title=dict(data["short_title"]), description=dict(data["description"]), doc_type=data["type"],
            issuers=tuple(dict(i) for i in data["issuers"]), issued=data["issued"], number=data["number"],
            publisher=data["publisher"], published=data["published"], official_url=data["official_url"],
            sections=int(data["sections"]), clauses=int(data["clauses"]),
            tags=tuple(RecordTag(t["slug"], dict(t["name"]), dict(t["description"])) for t in data["tags"]),
            clause_tags={int(n): tuple(slugs) for n, slugs in data["clause_tags"].items()},
            clause_titles={s: {int(n): t for n, t in titles.items()} for s, titles in data["clause_titles"].items()},
            legacy_root=bool(data["legacy_root"]), pages={s: tuple(p) for s, p in data["pages"].items()},
            built=data["built"], content_digest=data["content_digest"], changed=data["changed"],
            build_id=data["build_id"], status=str(data.get("status", "")),
            changes=tuple(str(s) for s in data.get("changes", ())),
            versions=tuple(str(d) for d in data.get("versions", ())))

    @classmethod
    def from_json(cls, text: str) -> "DocumentRecord":
        """Raises ValueError (JSON or shape) for a file that is not a record."""
        try:
            return cls.from_dict(json.loads(text))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a document record: {exc!r}") from exc
