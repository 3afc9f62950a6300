"""The reference layer: the bibliography (``citations``) and the glossary (``glossary``).

Both read their own file and answer questions about it; which places of the course cite a
key is a course-wide question, answered by ``course.py``.
"""
