"""Publish a Chinese policy document as a clause-by-clause website.

The pipeline, one module per stage: read, clean, parse, convert (scripts),
summary, align, tag, render, site; export and audit report on the result.
"""
