"""MkDocs hooks of every edition build (site.py names this file in each
generated mkdocs.yml). Material's language selector (`extra.alternate`,
partials/alternate.html) links each edition as configured, once per site;
here each page's entries name the same page in every edition, as absolute
URLs, so the switch in the header keeps the page without any script, and
Material prints the same URLs as the page's hreflang links."""
from __future__ import annotations


def _alternates(config, path: str) -> None:
    editions = config["extra"]["script"]["editions"]
    config["extra"]["alternate"] = [{"name": e["label"], "link": e["url"] + path, "lang": e["lang"]}
                                    for e in editions]


def on_page_context(context, page, config, nav):
    _alternates(config, page.url or "")
    return context


def on_template_context(context, template_name, config):
    # Pages without a page object (404.html): the other editions' roots of this build.
    _alternates(config, "")
    return context
