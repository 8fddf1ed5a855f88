"""Which form a source is in, from its content; the file's extension is only
a hint (a saved page named `13126.aspx` is HTML, a `.txt` can hold Markdown).

HTML: a doctype, an <html>/<body> element, or several block tags. Markdown:
ATX headings (`# `), an `<!-- INFO END -->` scrape marker, emphasis or links
in Markdown syntax on several lines. Otherwise text. A program whose markup
holds the text (JSX: `className=`, `export default`, `return (<…`; a Vue
component opening with `<template>`) is `jsx`, read as markup (sources/jsx.py)."""
from __future__ import annotations

import re

FORMS = ("html", "markdown", "text", "jsx")
_LABELS = {"html": "HTML", "xhtml": "XHTML", "markdown": "Markdown", "text": "text", "jsx": "JSX"}

_DOCTYPE = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?<!doctype\s+html", re.I)
_HTML_ROOT = re.compile(r"<(html|body|head)[\s>]", re.I)
_BLOCK_TAG = re.compile(r"<(p|div|br|table|td|span|h[1-6]|li)[\s/>]", re.I)
_XHTML = re.compile(r"<html[^>]+xmlns=\"http://www\.w3\.org/1999/xhtml\"", re.I)
_JSX = re.compile(r"\bclassName\s*=|\bexport\s+default\b|\breturn\s*\(\s*<|=>\s*\(?\s*<|\{`|\bimport\s+\w+\s+from\s+['\"]")
_COMPONENT_FILE = re.compile(r"\A\s*<template[\s>]")  # a Vue (or Svelte) single-file component
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_MD_SYNTAX = re.compile(r"^(\s*[-*+]\s+\S|\s*\d+\.\s+\S|>\s)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\n]*\)", re.M)
_SUFFIX_HINTS = {".html": "html", ".htm": "html", ".xhtml": "html", ".aspx": "html", ".shtml": "html",
                 ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def form_label(form: str) -> str:
    """The name messages give a form: `sources/page.html (HTML): …`."""
    return _LABELS.get(form, form)


def detect_form(text: str, suffix: str = "") -> str:
    """html, xhtml, jsx, markdown or text. Content decides; the suffix only
    breaks a tie (a text with one `<br>` stays text unless named .html)."""
    head = text[:4096]
    if _DOCTYPE.search(head) or _HTML_ROOT.search(text[:65536]):
        return "xhtml" if _XHTML.search(head) else "html"
    if _JSX.search(text) or _COMPONENT_FILE.match(text):  # a program whose markup holds the text
        return "jsx"
    hint = _SUFFIX_HINTS.get(suffix.lower(), "")
    blocks = len(_BLOCK_TAG.findall(text[:65536]))
    if blocks >= 3 or (blocks and hint == "html"):
        return "html"
    headings = len(_MD_HEADING.findall(text))
    syntax = len(_MD_SYNTAX.findall(text))
    if "<!-- INFO END -->" in text or headings >= 2:
        return "markdown"
    if hint == "text":  # `1. ` items or `- ` lines alone do not make a .txt Markdown
        return "text"
    if (headings and syntax) or syntax >= 3:
        return "markdown"
    if hint == "markdown" and (headings or syntax):
        return "markdown"
    return "text"
