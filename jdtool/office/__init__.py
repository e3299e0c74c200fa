"""Office outputs: Word documents, Word tracked-changes redlines and panel scoring sheets.

    word              the Word building blocks every writer shares (styles, lists, runs)
    house_style       A4, en-GB and the styles of jd_templates/word/house-style.toml
    docx_export       a pack or document as a .docx with real headings, lists and tables
    tracked_changes   a ``DocumentDiff`` as a .docx of native Word tracked changes
    scoresheet        panel scoring sheets from a person specification (xlsx, csv, html, pdf)
    site_docx         the ``jdtool build --docx`` generator: a .docx next to each pack's PDF
    files, xml_text   writing those files atomically; text they can hold

python-docx, openpyxl and WeasyPrint are imported by these modules, so the CLI imports them
only inside the commands that need them.
"""
