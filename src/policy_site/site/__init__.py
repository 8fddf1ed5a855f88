"""One MkDocs build: pages, rendering, interface words, metadata, outputs, the engine and its hooks."""
