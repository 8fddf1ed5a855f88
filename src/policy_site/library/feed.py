"""An Atom feed (RFC 4287) of the library's documents per edition, new and
corrected, made from each document's record: readers and other sites
follow `<edition>/feed.xml`. An entry's `updated` is the time its content
digest last changed (publish.library_record), so a rebuild that changes
nothing a reader reads does not announce a correction.

Pure: returns the feed's text. Every value is escaped by the template."""
from __future__ import annotations

import jinja2

from policy_site.site import interface
from policy_site.site.record import DocumentRecord
from policy_site.site.status import STATUS_WORDS
from policy_site.urls import DOCUMENT_JSON, edition_url
from policy_site.zh.convert import to_script

FEED = "feed.xml"

_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
_TEMPLATE = _ENVIRONMENT.from_string("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
  <id>{{ url }}</id>
  <title>{{ title }}</title>
  <subtitle>{{ subtitle }}</subtitle>
  <link rel="self" type="application/atom+xml" href="{{ url }}{{ feed }}"/>
  <link rel="alternate" type="text/html" hreflang="{{ lang }}" href="{{ url }}"/>
  <updated>{{ updated }}</updated>
  <author><name>{{ title }}</name></author>
  <generator>policy-site</generator>
{%- for e in entries %}
  <entry>
    <id>{{ e.id }}</id>
    <title>{{ e.title }}</title>
    <link rel="alternate" type="text/html" hreflang="{{ lang }}" href="{{ e.id }}"/>
    <link rel="related" type="application/json" href="{{ e.id }}{{ document_json }}"/>
    {%- if e.published %}
    <published>{{ e.published }}</published>
    {%- endif %}
    <updated>{{ e.updated }}</updated>
    {%- for name in e.authors %}
    <author><name>{{ name }}</name></author>
    {%- endfor %}
    {%- for term, label in e.categories %}
    <category term="{{ term }}" label="{{ label }}"/>
    {%- endfor %}
    <summary>{{ e.summary }}</summary>
  </entry>
{%- endfor %}
</feed>
""")


def rfc3339(stamp: str) -> str:
    """A record's `%Y-%m-%dT%H:%M:%S%z` time (+0000) as RFC 3339 (+00:00)."""
    if len(stamp) > 5 and stamp[-5] in "+-" and stamp[-4:].isdigit():
        return f"{stamp[:-2]}:{stamp[-2:]}"
    return stamp


def day(iso: str) -> str:
    """A date of the documents' family (a day in China) as an Atom time."""
    return f"{iso}T00:00:00+08:00"


def atom_feed(records: list[DocumentRecord], *, title: str, description: str, root_url: str, script: str) -> str:
    """Newest change first."""
    url = edition_url(root_url, script)
    entries = []
    for r in records:
        updated = rfc3339(r.changed or r.built)
        published = r.published or r.issued
        entries.append({
            "id": edition_url(root_url, script, r.slug),
            "title": r.title[script],
            "published": day(published) if published else "",
            "updated": updated,
            "authors": [i[script] for i in r.issuers],
            # Its legal status too, where said: a reader of the feed learns of a replacement.
            "categories": [(t.slug, t.name[script]) for t in r.tags]
            + ([(f"status:{r.status}", interface.ui(script, STATUS_WORDS[r.status]))] if r.status else []),
            "summary": r.description[script],
        })
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return _TEMPLATE.render(lang=script, url=url, feed=FEED, document_json=DOCUMENT_JSON, title=to_script(title, script),
                            subtitle=to_script(description, script), entries=entries,
                            updated=max((e["updated"] for e in entries), default="1970-01-01T00:00:00+00:00"))
