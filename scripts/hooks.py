"""The MkDocs hooks file named in mkdocs.yml: the events live in the `evidence_mkdocs` glue package."""

from evidence_mkdocs.hooks import (  # noqa: F401 (MkDocs looks these names up in this module)
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_serve,
)
