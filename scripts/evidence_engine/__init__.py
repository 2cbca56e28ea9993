"""Evidence engine: cross-references studies in a BibTeX library with claims pages.

Pure Python; nothing here imports MkDocs except `scripts/hooks.py`, the glue layer.
"""
