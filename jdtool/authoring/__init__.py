"""Writing documents: ``check`` (every problem, in one run), ``fmt`` (canonical Markdown) and
``scaffold`` (new documents and packs from ``jd_templates/new``)."""
