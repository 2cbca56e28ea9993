"""The reference library: `.bib` files loaded with bibtexparser v2, checked, and decoded only on demand.

- model.py: the values: RawEntry (as written), Reference (decoded, ready to show), Person
- catalog.py: Library, every entry of one build's `.bib` files, decoded one at a time when a page shows it
- load.py: read, parse and merge the files; crossrefs
- syntax.py: what parsing found wrong (unreadable entries, duplicates, undefined macros), each at its line
- macros.py: `@string` macros and `#` concatenation
- normalise.py: BibLaTeX and reference-manager fields mapped to those the engine reads
- checks.py: field checks of one entry
- decode.py: LaTeX decoding and name splitting
- snapshot.py: the parsed library as JSON, so that an unchanged file is not parsed again
"""
