"""One document: from its content folder to a typed build; knows no other document, no MkDocs, no site URL."""
