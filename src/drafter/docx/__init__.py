"""Word (OOXML) code: rendering templates, reading letters, tracked changes, scrubbing metadata.

Named ``docx`` after the file format; inside drafter, ``from docx import ...`` (an absolute import)
is still python-docx.
"""
