"""Revision history through git: ``log``, ``blame``, ``diff --from/--to``, history pages, git setup.

``repository`` is the git layer, the one module that runs git or reads its objects (one
``git log`` and GitPython's persistent ``cat-file`` reader); ``revisions`` is what that log
says, as data; ``versions`` parses each blob once; ``log``, ``blame``, ``resolve``, ``pages``
and ``gitdriver`` build on those. Nothing here imports GitPython until it is used.
"""
