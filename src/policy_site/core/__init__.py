"""Core: diagnostics, schemas, confinement and safe reading of untrusted input. Imports nothing above itself."""
