"""Sources in the forms editors have: a saved HTML page, a Markdown scrape or
plain text. The source file stays byte for byte on disk; `extract` takes its
text out with the form's own parser (lxml, markdown-it-py) into lines whose
every character keeps the offset of the source character it came from, so
that a diagnostic points to the source's `file:line` and the audit can say
what was dropped as markup and why."""
from policy_site.document.sources.detect import FORMS, detect_form, form_label
from policy_site.document.sources.extract import extract, read_extracted
from policy_site.document.sources.extracted import Dropped, Extracted

__all__ = ["FORMS", "Dropped", "Extracted", "detect_form", "extract", "form_label", "read_extracted"]
