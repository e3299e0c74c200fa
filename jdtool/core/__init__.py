"""The core every stage shares: bytes on disk -> text -> front matter -> typed fields -> model.

    files        the only place that reads source files (and writes results atomically)
    problems     ``Problem`` (path, line, column, code) and the one user-facing exception
    frontmatter  text -> YAML mapping with the line of every key
    schema       mapping -> typed, validated ``Meta``
    markdown     the one markdown-it configuration
    parser       Markdown body -> ``Section`` / ``Block`` / ``Criterion`` tree
    model        the document model itself (and which packs are published)
    facts        the key facts of a post and how dates read, for every output
    documents    one document: parse, load, inherit its pack's fields
    packs        ``posts/`` folders -> ``Pack`` objects
    resources    where the bundled templates live
"""
