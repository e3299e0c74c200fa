"""Revision history through git: ``log``, ``blame``, ``diff --from/--to``, history pages, git setup.

``revisions`` is the git layer (one ``git log --follow`` and GitPython's persistent
``cat-file`` reader); ``versions`` parses each blob once; ``log``, ``blame``, ``pages`` and
``gitdriver`` build on those two. Nothing here imports GitPython until it is used.
"""
