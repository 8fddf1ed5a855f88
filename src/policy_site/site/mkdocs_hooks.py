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


# Up to this many entries, every page carries the whole navigation, so a
# section in the phone drawer or the sidebar opens to list its clauses (CSS,
# no script); a larger document keeps Material's pruning (only the current
# section's entries on a page), or each page would grow with the document.
WHOLE_NAV_ENTRIES = 150


def _nav_entries(items) -> int:
    count = 0
    for item in items or ():
        count += 1
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    count += _nav_entries(value)
    return count


def on_config(config):
    features = config["theme"]["features"]
    if "navigation.prune" in features and _nav_entries(config["nav"]) <= WHOLE_NAV_ENTRIES:
        features.remove("navigation.prune")
    return config


def on_page_context(context, page, config, nav):
    _alternates(config, page.url or "")
    return context


def _escaped_once(output: str, config) -> str:
    """Material's drawer logo (partials/nav.html) prints `site_name | e` in its
    title, while site_name is given escaped (Material prints it as HTML
    elsewhere): a title with & or < would show &amp; twice escaped. That one
    attribute, exactly, is put back to one escape."""
    from html import escape

    name = config["site_name"]
    twice = f'title="{escape(name, quote=True)}"'
    return output.replace(twice, f'title="{name}"') if twice != f'title="{name}"' else output


def on_post_page(output, page, config):
    return _escaped_once(output, config)


def on_post_template(output_content, template_name, config):  # 404.html
    return _escaped_once(output_content, config)


def on_template_context(context, template_name, config):
    # Pages without a page object (404.html): the other editions' roots of this build.
    _alternates(config, "")
    return context


# mkdocs-redirects writes its pages in English (its HTML_TEMPLATE) in its
# on_post_build; hooks run after the plugins, so each page is put into the
# edition's words here. A template the replacements no longer fit fails the build.
_REDIRECT_WORDS = (
    ('<html lang="en">', '<html lang="{lang}">'),
    ("<title>Redirecting...</title>", "<title>{redirecting}</title>"),
    ("You're being redirected to a <a", "{redirectMoved}<a"),
    (">new destination</a>.", ">{redirectTarget}</a>{period}"),
)


def on_post_build(config):
    from html import escape
    from pathlib import Path

    plugin = config["plugins"].get("redirects")
    if plugin is None:
        return
    from mkdocs_redirects.plugin import get_html_path

    script = config["extra"]["script"]
    words = {k: escape(v) for k, v in script["ui"].items()}
    words["lang"] = escape(script["lang"])
    for old in plugin.config["redirect_maps"]:
        path = Path(config["site_dir"]) / get_html_path(old, config["use_directory_urls"])
        text = path.read_text(encoding="utf-8")
        for english, ours in _REDIRECT_WORDS:
            if english not in text:
                raise RuntimeError(f"{path}: mkdocs-redirects' page has no {english!r} to put into {script['lang']}")
            text = text.replace(english, ours.format(**words))
        path.write_text(text, encoding="utf-8")
