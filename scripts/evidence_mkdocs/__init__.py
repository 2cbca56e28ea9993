"""The MkDocs glue: MkDocs events → the evidence engine (`hooks`), `extra.evidence` settings (`config`) and the
`check` command that runs the same build without publishing it (`check`). Nothing outside this package imports
MkDocs, so the engine outlives the theme and the generator."""
