"""Bring existing job descriptions in from plain text, PDF, Word and HTML.

Every reader turns its file into the same list of ``Node`` objects (headings, paragraphs,
list items, tables) plus the text it counts as the input; ``structure`` splits the nodes
into documents and recovers criteria, ``facts`` recovers front matter, ``writer`` emits
jdtool Markdown, and ``report`` accounts for every word that was left out and why.
"""
