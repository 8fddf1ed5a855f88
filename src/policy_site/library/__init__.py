"""The library level: every document of `content/` published under one site.

A document's own pipeline (read, clean, parse, …, render, site) knows nothing
of the others. This package finds the documents (`catalog`), builds each into
a folder of its own that keeps its last good version (`build`), makes the
library's pages from what each document exported (`pages`), and publishes
the whole site as one release, swapped in atomically (`release`).

The citation contract: a document's pages live at
`<site root>/<edition>/<slug>/<page>`, which depends on its own slug only.
"""
